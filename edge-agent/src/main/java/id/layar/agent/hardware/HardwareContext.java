package id.layar.agent.hardware;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the {@code hardware:} config asks for, opened together: the output (wrapped for the watchdog), the power
 * relay and schedule, the light sensor and brightness control, the status LED.
 *
 * <p>Production passes {@link #productionPi4j()} ({@code Pi4J.newAutoContext()}: the gpiod and linuxfs plugins on
 * the class path are discovered). Tests pass a context built from the mock plugin's providers
 * ({@code Pi4J.newContextBuilder().add(new MockPlatform()).add(MockDigitalOutputProvider.newInstance(), ...)}), with
 * which they drive the light readings and read back the pins and the SPI bytes. The Pi4J context is only created when
 * something needs it, so a framebuffer-only controller never loads Pi4J's natives.
 *
 * <p>What is fatal: an output that cannot be opened, or a config that does not fit the panel (nothing could be
 * shown). What is not: a relay, sensor or LED that cannot be opened: the wall keeps playing, brightness follows the
 * schedule, and the fault shows in {@link #status}.
 */
public final class HardwareContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HardwareContext.class);

    private final HardwareConfig config;
    private final Context pi4j;
    private final boolean ownsPi4j;
    private final SupervisedPanel output;
    private final PowerRelay relay;
    private final PanelPower power;
    private final Bh1750 sensor;
    private final BrightnessControl brightness;
    private final StatusLed led;
    private final List<String> faults;
    private volatile Watchdog watchdog;
    private Instant lastLightSample;

    private HardwareContext(HardwareConfig config, Context pi4j, boolean ownsPi4j, SupervisedPanel output, PowerRelay relay,
                            PanelPower power, Bh1750 sensor, BrightnessControl brightness, StatusLed led, List<String> faults) {
        this.config = config;
        this.pi4j = pi4j;
        this.ownsPi4j = ownsPi4j;
        this.output = output;
        this.relay = relay;
        this.power = power;
        this.sensor = sensor;
        this.brightness = brightness;
        this.led = led;
        this.faults = List.copyOf(faults);
    }

    /** The Pi4J context for a real Pi: providers discovered from the class path (gpiod, linuxfs). */
    public static Context productionPi4j() {
        return Pi4J.newAutoContext();
    }

    /**
     * Opens what {@code config} asks for.
     *
     * @param panelWidth  {@code panel.width}: the player's frame width
     * @param panelHeight {@code panel.height}
     * @param pi4j        makes the Pi4J context, called at most once and only if a GPIO, I2C or SPI device is
     *                    configured; the context is shut down by {@link #close}
     * @param scheduler   timers for the status LED
     * @param clock       the time (the relay's first state)
     * @param zone        the channel's zone once a playlist is accepted, else null (the config's zone applies)
     * @throws HardwareException listing every fatal problem
     */
    public static HardwareContext open(HardwareConfig config, int panelWidth, int panelHeight, Supplier<Context> pi4j,
                                       Scheduler scheduler, Clock clock, Supplier<ZoneId> zone) throws HardwareException {
        ProblemSink.Collecting problems = ProblemSink.collecting();
        config.checkPanel(panelWidth, panelHeight, problems);
        if (!problems.isEmpty()) {
            throw new HardwareException("the hardware", problems.problems());
        }
        List<String> fatal = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        boolean needsPi4j = config.output() == HardwareConfig.Output.SPI || config.power() != null
                || (config.light() != null && config.light().sensor()) || config.led() != null;
        Context ctx = null;
        if (needsPi4j) {
            try {
                ctx = pi4j.get();
            } catch (RuntimeException e) {
                throw new HardwareException("the hardware", "cannot start Pi4J for GPIO, I2C and SPI: " + e.getMessage()
                        + "; is this a Raspberry Pi with /dev/gpiochip0? The hardware: section needs one", e);
            }
        }
        Context c = ctx;
        SupervisedPanel output = null;
        PowerRelay relay = null;
        Bh1750 sensor = null;
        StatusLed led = null;
        try {
            switch (config.output()) {
                case FRAMEBUFFER -> output = new SupervisedPanel(panelWidth, panelHeight,
                        () -> FramebufferPanel.open(config.framebuffer().settings(), panelWidth, panelHeight));
                case SPI -> {
                    MatrixLayout layout = config.spi().matrix(panelWidth, panelHeight);
                    output = new SupervisedPanel(panelWidth, panelHeight,
                            () -> SpiMatrixPanel.open(c, layout, config.spi().settings()));
                }
                case VIRTUAL -> {
                }
            }
        } catch (HardwareException e) {
            fatal.addAll(e.problems());
        }

        PanelPower power = null;
        Supplier<ZoneId> zoneOrConfig = zone == null ? () -> null : zone;
        if (config.power() != null) {
            HardwareConfig.Power p = config.power();
            PowerSchedule schedule = p.schedule();
            ZoneId z0 = zoneOrConfig.get();
            boolean on = schedule.isOn(clock.instant(), z0 == null ? schedule.zone() : z0);
            try {
                relay = PowerRelay.open(c, p.relayPin(), p.activeLow(), on);
            } catch (HardwareException e) {
                faults.addAll(e.problems());
                LOG.warn("{}; the panel stays as it is and only the player idles by the schedule", e.getMessage());
            }
            power = new PanelPower(schedule, relay, zoneOrConfig);
        } else {
            // No relay: the panel stays powered, but off-hours signed into a playlist still make the player idle.
            power = new PanelPower(PowerSchedule.alwaysOn(HardwareConfig.DEFAULT_ZONE), null, zoneOrConfig);
        }

        BrightnessControl brightness = null;
        if (config.light() != null) {
            HardwareConfig.Light l = config.light();
            String absent = null;
            if (l.sensor()) {
                try {
                    sensor = new Bh1750(c, l.bus(), l.address());
                } catch (RuntimeException e) {
                    absent = "hardware.light: cannot open I2C bus " + l.bus() + " (" + e.getMessage() + "); enable I2C"
                            + " (dtparam=i2c_arm=on in /boot/firmware/config.txt, or 'sudo raspi-config nonint do_i2c 0'),"
                            + " reboot; the user needs the i2c group (the layar-agent service has it)";
                    faults.add(absent);
                    LOG.warn("{}; brightness follows the day/night schedule", absent);
                }
            }
            ZoneId fallbackZone = config.power() != null ? config.power().zone() : HardwareConfig.DEFAULT_ZONE;
            brightness = new BrightnessControl(sensor, absent, l.curve(), l.fallback(), () -> {
                ZoneId z = zoneOrConfig.get();
                return z == null ? fallbackZone : z;
            });
            if (output != null) {
                brightness.addOutput(output);
            }
        }

        if (config.led() != null) {
            try {
                led = StatusLed.open(c, config.led().pin(), scheduler);
            } catch (HardwareException e) {
                faults.addAll(e.problems());
                LOG.warn("{}", e.getMessage());
            }
        }

        if (!fatal.isEmpty()) {
            closeAll(output, led, sensor, relay);
            if (ctx != null) {
                shutdownQuietly(ctx);
            }
            throw new HardwareException("the hardware", fatal);
        }
        return new HardwareContext(config, ctx, ctx != null, output, relay, power, sensor, brightness, led, faults);
    }

    public HardwareConfig config() {
        return config;
    }

    /** The real output, wrapped for the watchdog; empty for {@code output: virtual} (keep the VirtualPanel). */
    public Optional<SupervisedPanel> output() {
        return Optional.ofNullable(output);
    }

    public Optional<PanelPower> power() {
        return Optional.ofNullable(power);
    }

    public Optional<BrightnessControl> brightness() {
        return Optional.ofNullable(brightness);
    }

    public Optional<StatusLed> led() {
        return Optional.ofNullable(led);
    }

    /** How often to call {@link BrightnessControl#sample} (one second unless configured). */
    public Duration lightInterval() {
        return config.light() == null ? Duration.ofSeconds(1) : config.light().interval();
    }

    /** Whether the player should show frames at {@code now}: true unless the power schedule has the panel off. */
    public boolean shouldShow(Instant now) {
        return power == null || power.shouldShow(now);
    }

    /**
     * A frozen-screen watchdog over the output (null for the virtual panel), expecting frames whenever
     * {@link #shouldShow} says so. The caller calls {@link Watchdog#check} about once a second.
     */
    public Watchdog watchdog(Clock clock, Duration frozenAfter, int maxRestarts, Runnable escalate) {
        if (output == null) {
            return null;
        }
        Watchdog w = Watchdog.forPanel(clock, frozenAfter, maxRestarts, output, () -> shouldShow(clock.instant()), escalate);
        watchdog = w;
        return w;
    }

    /**
     * The once-a-second housekeeping in one call: switches the relay by the power schedule, samples the light sensor
     * when its interval has passed (and sets the brightness on the output), checks the watchdog if there is one, and
     * sets the status LED's pattern (error while a device is missing or failing, or the watchdog is restarting a
     * frozen or failed output). Blocks on GPIO and I2C for a few milliseconds: call it from a worker (Vert.x
     * {@code executeBlocking}), never the event loop.
     *
     * @param syncing    whether a playlist is being fetched or checked
     * @param agentError whether the agent has a problem a technician should see (a rejected playlist, say)
     */
    public synchronized HardwareStatus tick(Instant now, boolean syncing, boolean agentError) {
        PanelPower.Status p = power == null ? null : power.apply(now);
        BrightnessStatus b = brightness == null ? null : brightness.status();
        if (brightness != null && (lastLightSample == null
                || Duration.between(lastLightSample, now).compareTo(lightInterval()) >= 0 || now.isBefore(lastLightSample))) {
            b = brightness.sample(now);
            lastLightSample = now;
        }
        Watchdog w = watchdog;
        if (w != null) {
            w.check();
        }
        // A frozen screen throws nothing (the output looks healthy): the watchdog's restarts say it is in trouble.
        boolean error = agentError || !faults.isEmpty() || (output != null && !output.healthy())
                || (w != null && w.troubled()) || (p != null && p.fault() != null) || (b != null && b.fault() != null);
        if (led != null) {
            led.show(StatusLed.Pattern.choose(error, syncing, shouldShow(now)));
        }
        return status(now);
    }

    /** Devices running without (relay, sensor, LED that could not be opened), each with its fix. */
    public List<String> faults() {
        return faults;
    }

    public HardwareStatus status(Instant now) {
        Watchdog w = watchdog;
        return new HardwareStatus(output == null ? "virtual" : output.toString(), output == null ? null : output.fault(),
                output == null ? 0 : output.framesPresented(), power == null ? null : power.status(now),
                brightness == null ? null : brightness.status(), led == null ? null : led.pattern().wireName(), faults,
                w == null ? null : w.status());
    }

    /**
     * Darkens the LED, releases the devices and shuts the Pi4J context down. The relay's pin is released unwritten:
     * whether it keeps its level is the kernel's choice ({@link PowerRelay}).
     */
    @Override
    public void close() {
        closeAll(output, led, sensor, relay);
        if (ownsPi4j) {
            shutdownQuietly(pi4j);
        }
    }

    private static void closeAll(AutoCloseable... things) {
        for (AutoCloseable t : things) {
            if (t != null) {
                try {
                    t.close();
                } catch (Exception e) {
                    LOG.debug("closing {}: {}", t, e.toString());
                }
            }
        }
    }

    private static void shutdownQuietly(Context ctx) {
        try {
            if (!ctx.isShutdown()) {
                ctx.shutdown();
            }
        } catch (RuntimeException e) {
            LOG.debug("Pi4J shutdown: {}", e.toString());
        }
    }
}
