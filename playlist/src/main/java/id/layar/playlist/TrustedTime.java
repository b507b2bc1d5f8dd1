package id.layar.playlist;

import java.time.Duration;
import java.time.Instant;

/**
 * Time a device can trust without a real-time clock. A Raspberry Pi boots at whatever time its clock
 * last saved (or 1970) until NTP answers, and an attacker who controls the network can lie to NTP. The
 * device therefore keeps a floor: the newest signed timestamp it has accepted. Trusted time is never
 * behind that floor, so a replayed old playlist cannot look fresh and schedules never run in the past.
 *
 * @param floor the newest signed time accepted so far (persist it; {@link Instant#EPOCH} when new)
 */
public record TrustedTime(Instant floor) {
    /** A system clock this far behind the floor is reported as wrong, not merely late. */
    public static final Duration CLOCK_BEHIND_TOLERANCE = Duration.ofMinutes(5);

    public TrustedTime {
        if (floor == null) {
            throw new IllegalArgumentException("floor must be set");
        }
    }

    public static TrustedTime fresh() {
        return new TrustedTime(Instant.EPOCH);
    }

    /** The time to judge expiry and run schedules by: the system clock, but never behind the floor. */
    public Instant now(Instant systemNow) {
        return systemNow.isBefore(floor) ? floor : systemNow;
    }

    /** Whether the system clock is behind what has already been signed (never synchronised, or set back). */
    public boolean clockBehind(Instant systemNow) {
        return systemNow.plus(CLOCK_BEHIND_TOLERANCE).isBefore(floor);
    }

    /** The floor after accepting a document signed at {@code signed}; it only ever moves forward. */
    public TrustedTime accept(Instant signed) {
        return signed.isAfter(floor) ? new TrustedTime(signed) : this;
    }
}
