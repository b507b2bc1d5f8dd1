package id.layar.agent.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An LED on a GPIO output that tells a technician at the cabinet what the agent is doing, without a screen.
 * Every pattern blinks, so a hung agent (LED stuck on or off) is told apart from a healthy one. The patterns are named
 * data; {@code hardware-notes/troubleshooting.md} lists the same table.
 */
public final class StatusLed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusLed.class);
    /** The Pi4J id of the LED output. */
    public static final String PI4J_ID = "layar-status-led";

    /** Blink patterns: durations in milliseconds, alternately on and off, starting with on, repeating. */
    public enum Pattern {
        /** Dark: the agent is not running (or has not started the LED). */
        OFF("off", "dark: the agent is not running"),
        /** Slow, even blink: playing. */
        PLAYING("playing", "slow even blink, 1 s on, 1 s off: playing", 1000, 1000),
        /** Fast flicker: syncing (downloading or verifying a playlist). */
        SYNCING("syncing", "fast flicker, 5 times a second: fetching or checking a new playlist", 100, 100),
        /** A short flash every five seconds: the panel is off by its power schedule. */
        PANEL_OFF("panel-off", "a short flash every 5 s: the panel is switched off by the power schedule", 100, 4900),
        /** Three short flashes, then a pause: an error; the technician page says which. */
        ERROR("error", "three short flashes, then a pause: an error (open the technician page)", 150, 150, 150, 150, 150, 1250);

        private final String wireName;
        private final String description;
        private final long[] steps;

        Pattern(String wireName, String description, long... steps) {
            this.wireName = wireName;
            this.description = description;
            this.steps = steps;
        }

        public String wireName() {
            return wireName;
        }

        public String description() {
            return description;
        }

        /** The on/off durations in milliseconds, starting with on (a copy); empty means dark. */
        public long[] steps() {
            return steps.clone();
        }

        /** The length of one cycle, milliseconds. */
        public long period() {
            return Arrays.stream(steps).sum();
        }

        public static String names() {
            return Arrays.stream(values()).map(Pattern::wireName).collect(Collectors.joining(", "));
        }

        /**
         * The pattern for the agent's state, most urgent first: an error (anything a technician should look at),
         * then syncing, then the panel off by schedule, else playing.
         */
        public static Pattern choose(boolean error, boolean syncing, boolean panelOn) {
            if (error) {
                return ERROR;
            }
            if (syncing) {
                return SYNCING;
            }
            return panelOn ? PLAYING : PANEL_OFF;
        }
    }

    private final Context pi4j;
    private final DigitalOutput out;
    private final Scheduler scheduler;
    private final int pin;
    private Pattern pattern = Pattern.OFF;
    private int step;
    private Scheduler.Cancellable pending;
    private boolean closed;

    /** Claims the GPIO ({@code bcmPin}, active-high: the LED's anode through a resistor to the pin) and leaves it dark. */
    public StatusLed(Context pi4j, int bcmPin, Scheduler scheduler) {
        this(pi4j, pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                .id(PI4J_ID)
                .name("status LED on GPIO" + bcmPin)
                .address(bcmPin)
                .initial(DigitalState.LOW)
                .shutdown(DigitalState.LOW)), bcmPin, scheduler);
    }

    StatusLed(Context pi4j, DigitalOutput out, int pin, Scheduler scheduler) {
        this.pi4j = pi4j;
        this.out = out;
        this.pin = pin;
        this.scheduler = scheduler;
        out.low();
    }

    /**
     * Opens the LED, turning Pi4J's failures into a message with the fix.
     *
     * @throws HardwareException when the GPIO cannot be claimed
     */
    public static StatusLed open(Context pi4j, int bcmPin, Scheduler scheduler) throws HardwareException {
        try {
            return new StatusLed(pi4j, bcmPin, scheduler);
        } catch (RuntimeException e) {
            throw new HardwareException("the status LED on GPIO" + bcmPin, "hardware.led.pin: cannot claim GPIO" + bcmPin
                    + " (" + e.getMessage() + "); the user needs the gpio group (the layar-agent service has it); check that no other program"
                    + " or overlay uses the pin ('gpioinfo')", e);
        }
    }

    /** Starts {@code p} from its first step; showing the pattern already shown changes nothing. */
    public synchronized void show(Pattern p) {
        if (closed || p == pattern) {
            return;
        }
        cancel();
        pattern = p;
        step = 0;
        apply();
    }

    public synchronized Pattern pattern() {
        return pattern;
    }

    /** Whether the LED is lit at this moment. */
    public boolean isLit() {
        return out.isHigh();
    }

    private void apply() {
        long[] steps = pattern.steps;
        if (steps.length == 0) {
            write(false);
            return;
        }
        write(step % 2 == 0);
        long delay = Math.max(1, steps[step]);
        Pattern scheduledFor = pattern;
        pending = scheduler.schedule(delay, () -> advance(scheduledFor));
    }

    private synchronized void advance(Pattern scheduledFor) {
        if (closed || scheduledFor != pattern) {
            return;
        }
        step = (step + 1) % pattern.steps.length;
        apply();
    }

    private void write(boolean lit) {
        try {
            out.state(lit ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException e) {
            LOG.debug("status LED on GPIO{}: {}", pin, e.toString());
        }
    }

    private void cancel() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    /** Stops blinking, darkens the LED and releases the GPIO. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        cancel();
        write(false);
        closed = true;
        try {
            if (pi4j != null && pi4j.registry().exists(out.id())) {
                pi4j.shutdown(out.id());
            }
        } catch (RuntimeException e) {
            // Released with the context anyway.
        }
    }
}
