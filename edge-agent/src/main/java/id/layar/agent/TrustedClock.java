package id.layar.agent;

import id.layar.playlist.TrustedTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * The agent's time for expiry and for the schedule the player runs: the system clock, but never behind the trusted
 * floor ({@link TrustedTime#now}). A Pi has no real-time clock: until NTP answers it may believe it is 1970, and an
 * attacker on the network can set it back. The floor is the newest signed {@code issued} of any accepted playlist,
 * carried forward by monotonic time since it was learnt (at boot or at acceptance): real time is at least that
 * much later, so the schedule keeps moving on a Pi that never synchronised instead of freezing at one moment.
 */
final class TrustedClock extends Clock {
    private record Anchor(Instant floor, long nanos) {
    }

    private final Clock system;
    private final LongSupplier nanos;
    private volatile Anchor anchor;

    TrustedClock(Clock system, Instant floor) {
        this(system, floor, System::nanoTime);
    }

    TrustedClock(Clock system, Instant floor, LongSupplier nanos) {
        this.system = system;
        this.nanos = nanos;
        this.anchor = new Anchor(floor, nanos.getAsLong());
    }

    /** Raises the floor to a newly accepted signed time; it never moves back. */
    synchronized void raise(Instant signed) {
        if (signed.isAfter(floorNow())) {
            anchor = new Anchor(signed, nanos.getAsLong());
        }
    }

    /** The persisted floor (the newest signed time accepted), without the monotonic carry. */
    Instant signedFloor() {
        return anchor.floor();
    }

    /** The floor carried forward by the monotonic time since it was learnt. */
    Instant floorNow() {
        Anchor a = anchor;
        if (a.floor().equals(Instant.EPOCH)) {
            return Instant.EPOCH;
        }
        return a.floor().plusNanos(Math.max(0, nanos.getAsLong() - a.nanos()));
    }

    TrustedTime trustedTime() {
        return new TrustedTime(floorNow());
    }

    Instant systemNow() {
        return system.instant();
    }

    /** Whether the system clock is behind what has already been signed (never synchronised, or set back). */
    boolean behind() {
        return trustedTime().clockBehind(system.instant());
    }

    @Override
    public Instant instant() {
        return trustedTime().now(system.instant());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
