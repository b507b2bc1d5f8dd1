package id.layar.agent.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;

/**
 * The relay (or contactor driver) that switches the panel's mains power, on a GPIO digital output.
 *
 * <p>{@code activeLow} says which pin level switches the panel <em>on</em>: most relay boards sold for the Pi
 * energise their coil when the input is pulled low (active-low). If the panel is wired through the relay's
 * normally-closed contact instead, the sense inverts: see {@code hardware-notes/wiring.md}.
 *
 * <p>When the agent stops, the line is released, and what the pin does then is the kernel's choice: the Raspberry Pi
 * OS kernel keeps a released output at its level, but with {@code dtparam=strict_gpiod} (or
 * {@code pinctrl_bcm2835.persist_gpio_outputs=n}) or an upstream kernel it becomes an input, and an active-low relay
 * board then drops the relay (the wall goes dark on every agent restart). No code here can hold a line after the
 * process exits: the fixes are in the wiring and the boot config, in {@code hardware-notes/wiring.md} ("When the agent
 * is not running"). When the Pi loses power, the relay board's own default applies.
 */
public final class PowerRelay implements AutoCloseable {
    /** The Pi4J id of the relay output. */
    public static final String PI4J_ID = "layar-power-relay";
    static final String KEY = "hardware.power";

    private final Context pi4j;
    private final DigitalOutput out;
    private final boolean activeLow;
    private final int pin;
    private boolean on;

    /**
     * Claims the GPIO and sets it to {@code initiallyOn} at once.
     *
     * @param bcmPin the GPIO number (BCM), not the header pin number
     */
    public PowerRelay(Context pi4j, int bcmPin, boolean activeLow, boolean initiallyOn) {
        this.pi4j = pi4j;
        this.pin = bcmPin;
        this.activeLow = activeLow;
        this.on = initiallyOn;
        this.out = pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                .id(PI4J_ID)
                .name("panel power relay on GPIO" + bcmPin + (activeLow ? " (active-low)" : " (active-high)"))
                .address(bcmPin)
                .initial(level(initiallyOn, activeLow)));
        out.state(level(initiallyOn, activeLow));
    }

    /**
     * Claims the relay's GPIO, turning Pi4J's failures into a message with the fix.
     *
     * @throws HardwareException when the GPIO cannot be claimed
     */
    public static PowerRelay open(Context pi4j, int bcmPin, boolean activeLow, boolean initiallyOn) throws HardwareException {
        try {
            return new PowerRelay(pi4j, bcmPin, activeLow, initiallyOn);
        } catch (RuntimeException e) {
            throw new HardwareException("the power relay on GPIO" + bcmPin, KEY + ".relay-pin: cannot claim GPIO" + bcmPin
                    + " (" + e.getMessage() + "); the user needs the gpio group (the layar-agent service has it),"
                    + " check that no other program or overlay uses the pin ('gpioinfo' shows its consumer), and that"
                    + " relay-pin is a BCM GPIO number, not a header pin number", e);
        }
    }

    static DigitalState level(boolean on, boolean activeLow) {
        return on != activeLow ? DigitalState.HIGH : DigitalState.LOW;
    }

    /** Switches the panel on or off; writes the pin only when that changes. */
    public synchronized void set(boolean on) {
        if (on != this.on) {
            out.state(level(on, activeLow));
            this.on = on;
        }
    }

    /** Whether the relay was last set to power the panel. */
    public synchronized boolean isOn() {
        return on;
    }

    public int pin() {
        return pin;
    }

    public boolean activeLow() {
        return activeLow;
    }

    /**
     * Releases the GPIO without writing it: the pin keeps its level only where the kernel keeps released outputs (see
     * the class comment).
     */
    @Override
    public void close() {
        try {
            if (pi4j.registry().exists(out.id())) {
                pi4j.shutdown(out.id());
            }
        } catch (RuntimeException e) {
            // Released with the context anyway.
        }
    }

    @Override
    public String toString() {
        return "PowerRelay[GPIO" + pin + (activeLow ? ", active-low" : ", active-high") + ", " + (on ? "on" : "off") + "]";
    }
}
