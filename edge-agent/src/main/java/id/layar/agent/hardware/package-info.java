/**
 * The controller's hardware behind narrow ports: panel outputs ({@link id.layar.agent.hardware.FramebufferPanel} for
 * HDMI into an LED sender card, {@link id.layar.agent.hardware.SpiMatrixPanel} for a small APA102/SK9822 matrix),
 * panel power ({@link id.layar.agent.hardware.PanelPower} over a {@link id.layar.agent.hardware.PowerRelay}),
 * brightness ({@link id.layar.agent.hardware.BrightnessControl} from a {@link id.layar.agent.hardware.Bh1750} light
 * sensor, falling back to a schedule), a {@link id.layar.agent.hardware.StatusLed} and a frozen-screen
 * {@link id.layar.agent.hardware.Watchdog}.
 *
 * <p>Rules of the package:
 * <ul>
 *   <li>Every OS path is resolved under an injected root (a {@link java.nio.file.Path} standing for "/"), every
 *       time comes from an injected {@link java.time.Clock} or {@link java.time.Instant} argument, and every timer
 *       goes through a {@link id.layar.agent.hardware.Scheduler} the caller backs (a Vert.x timer in the agent, a
 *       stepped fake in tests).</li>
 *   <li>GPIO, I2C and SPI go through a Pi4J {@link com.pi4j.context.Context} the caller builds: production uses
 *       {@link id.layar.agent.hardware.HardwareContext#productionPi4j()} ({@code Pi4J.newAutoContext()}); tests build
 *       one from the mock plugin's providers.</li>
 *   <li>Configuration is checked up front, every problem at once, each naming the key, what is allowed and the fix
 *       ({@link id.layar.agent.hardware.HardwareConfig#fromMap}).</li>
 *   <li>The per-frame paths ({@code show}) allocate nothing.</li>
 * </ul>
 * Wiring, pin conflicts and troubleshooting for technicians are in {@code hardware-notes/}; the pin and key names
 * there are the ones used here.
 */
package id.layar.agent.hardware;
