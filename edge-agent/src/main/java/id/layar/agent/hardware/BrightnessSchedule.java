package id.layar.agent.hardware;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The brightness when there is no light reading: a day level and a night level by local time. Used when no sensor
 * is fitted, or while it fails.
 *
 * @param dayFrom    day starts (local time)
 * @param dayTo      day ends
 * @param dayLevel   level by day (0..1)
 * @param nightLevel level by night (0..1)
 */
public record BrightnessSchedule(LocalTime dayFrom, LocalTime dayTo, double dayLevel, double nightLevel) {
    /** 06:00-18:00 at full, the night at 40%: near the equator the day barely changes length through the year. */
    public static final BrightnessSchedule DEFAULT = new BrightnessSchedule(LocalTime.of(6, 0), LocalTime.of(18, 0), 1.0, 0.4);

    public BrightnessSchedule {
        if (dayFrom == null || dayTo == null || dayFrom.equals(dayTo)) {
            throw new IllegalArgumentException("day needs different start and end times; found " + dayFrom + "-" + dayTo);
        }
        if (!(dayLevel >= 0 && dayLevel <= 1 && nightLevel >= 0 && nightLevel <= 1)) {
            throw new IllegalArgumentException("levels must be 0..1; found day " + dayLevel + ", night " + nightLevel);
        }
    }

    public boolean isDay(Instant now, ZoneId zone) {
        return new PowerSchedule.Window(dayFrom, dayTo).contains(now.atZone(zone).toLocalTime());
    }

    public double level(Instant now, ZoneId zone) {
        return isDay(now, zone) ? dayLevel : nightLevel;
    }
}
