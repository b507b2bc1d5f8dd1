package id.layar.agent.hardware;

import java.time.Duration;

/**
 * From ambient light to panel brightness. The eye answers to light roughly logarithmically, so the level rises with
 * {@code log10(lux)} from {@code min} at {@code darkLux} and below to {@code max} at {@code brightLux} and above.
 * Readings are smoothed exponentially with a time constant, so a passing car's headlights or a cloud do not make the
 * wall pump.
 *
 * @param min       level in the dark (0..1); a wall at night needs far less than by day
 * @param max       level in bright daylight (0..1, at least {@code min})
 * @param darkLux   at or below this, {@code min} (a lit street at night is about 10-50 lx)
 * @param brightLux at or above this, {@code max} (overcast daylight is about 1000-10000 lx, sun 30000 lx and more)
 * @param smoothing time constant: after one of these a step in light has moved the level about 63% of the way
 */
public record BrightnessCurve(double min, double max, double darkLux, double brightLux, Duration smoothing) {
    public static final BrightnessCurve DEFAULT = new BrightnessCurve(0.1, 1.0, 10, 20_000, Duration.ofSeconds(30));

    public BrightnessCurve {
        if (!(min >= 0 && min <= 1 && max >= min && max <= 1)) {
            throw new IllegalArgumentException("need 0 <= min <= max <= 1; found min " + min + ", max " + max);
        }
        if (!(darkLux >= 0 && brightLux > darkLux)) {
            throw new IllegalArgumentException("need 0 <= dark-lux < bright-lux; found " + darkLux + ", " + brightLux);
        }
        if (smoothing == null || smoothing.isNegative()) {
            throw new IllegalArgumentException("smoothing must be 0 or more; found " + smoothing);
        }
    }

    /** The level {@code lux} asks for, before smoothing. */
    public double target(double lux) {
        if (!(lux > darkLux)) {
            return min;
        }
        double t = (Math.log10(lux + 1) - Math.log10(darkLux + 1)) / (Math.log10(brightLux + 1) - Math.log10(darkLux + 1));
        return min + (max - min) * Math.min(1, t);
    }

    /** One smoothing step: {@code previous} moved toward {@code target} by {@code 1 - e^(-dt/tau)}. */
    public double smooth(double previous, double target, Duration dt) {
        if (smoothing.isZero() || dt.compareTo(smoothing.multipliedBy(50)) > 0) {
            return target;
        }
        if (dt.isNegative() || dt.isZero()) {
            return previous;
        }
        double k = 1 - Math.exp(-(double) dt.toNanos() / smoothing.toNanos());
        return previous + (target - previous) * k;
    }
}
