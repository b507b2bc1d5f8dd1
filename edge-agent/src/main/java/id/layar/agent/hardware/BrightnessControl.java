package id.layar.agent.hardware;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Panel brightness from ambient light: each {@link #sample} reads the sensor, turns lux into a target through the
 * {@link BrightnessCurve}, smooths it, and sets it on every output. When the sensor is absent or fails, the
 * {@link BrightnessSchedule} gives the target instead, the fault shows in {@link BrightnessStatus}, and the next good
 * reading takes over again. Transitions are smoothed either way, so a flaky sensor does not make the wall flicker.
 *
 * <p>{@link #sample} may block on the I2C bus for a few milliseconds: call it from a worker about once a second.
 * Pure apart from the sensor: the time comes in as an argument.
 */
public final class BrightnessControl {
    private static final Logger LOG = LoggerFactory.getLogger(BrightnessControl.class);

    private final LightSensor sensor;
    private final String absentReason;
    private final BrightnessCurve curve;
    private final BrightnessSchedule fallback;
    private final Supplier<ZoneId> zone;
    private final List<Dimmable> outputs = new CopyOnWriteArrayList<>();

    private Instant last;
    private double level = Double.NaN;
    private volatile BrightnessStatus status;

    /**
     * @param sensor       the light sensor, or null when there is none
     * @param absentReason why there is none (shown as the fault), or null when none was configured
     * @param curve        lux to level, and smoothing
     * @param fallback     the level by time of day when there is no reading
     * @param zone         the zone to read the fallback's hours in
     */
    public BrightnessControl(LightSensor sensor, String absentReason, BrightnessCurve curve, BrightnessSchedule fallback,
                             Supplier<ZoneId> zone) {
        this.sensor = sensor;
        this.absentReason = absentReason;
        this.curve = Objects.requireNonNull(curve, "curve");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Sets the brightness on {@code output} from the next sample on (and now, if there was one). */
    public void addOutput(Dimmable output) {
        outputs.add(output);
        BrightnessStatus s = status;
        if (s != null) {
            output.setBrightness(s.level());
        }
    }

    public void removeOutput(Dimmable output) {
        outputs.remove(output);
    }

    /** Reads the sensor (if any), works out the level at {@code now}, applies it to the outputs, and returns the status. */
    public synchronized BrightnessStatus sample(Instant now) {
        Double lux = null;
        String fault;
        if (sensor == null) {
            fault = absentReason;
        } else {
            try {
                lux = sensor.readLux();
                fault = null;
            } catch (IOException | RuntimeException e) {
                fault = e.getMessage();
            }
        }
        BrightnessStatus.Source source;
        double target;
        if (lux != null) {
            source = BrightnessStatus.Source.SENSOR;
            target = curve.target(lux);
        } else {
            source = BrightnessStatus.Source.SCHEDULE;
            target = fallback.level(now, zone.get());
        }
        if (Double.isNaN(level) || last == null) {
            level = target;
        } else {
            level = curve.smooth(level, target, Duration.between(last, now));
        }
        last = now;
        BrightnessStatus previous = status;
        if (fault != null && (previous == null || !fault.equals(previous.fault()))) {
            LOG.warn("light sensor: {}; brightness follows the day/night schedule meanwhile", fault);
        } else if (fault == null && previous != null && previous.fault() != null && sensor != null) {
            LOG.info("light sensor {} answers again; brightness follows it", sensor.describe());
        }
        BrightnessStatus s = new BrightnessStatus(level, source, lux, fault, now);
        status = s;
        for (Dimmable d : outputs) {
            d.setBrightness(level);
        }
        return s;
    }

    /** The last status, or null before the first sample. */
    public BrightnessStatus status() {
        return status;
    }
}
