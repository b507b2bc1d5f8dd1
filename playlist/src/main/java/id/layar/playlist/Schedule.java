package id.layar.playlist;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What plays: a pure function of (playlist, instant, zone). The highest priority with an eligible item
 * wins; its eligible items loop in playlist order. The loop position is the instant modulo the loop's
 * length since the epoch, so walls on one channel with synchronised clocks agree frame for frame.
 */
public final class Schedule {
    /** Days ahead searched for the next moment eligibility may change. */
    private static final int HORIZON_DAYS = 8;

    private Schedule() {
    }

    /**
     * The answer for one instant.
     *
     * @param item      what plays, or null when nothing is eligible (the wall shows black)
     * @param slotStart when this showing of the item began (loop-aligned)
     * @param slotEnd   when this showing ends if nothing else changes
     * @param until     when to ask again: the slot's end or an earlier moment where eligibility may change
     */
    public record NowPlaying(Item item, Instant slotStart, Instant slotEnd, Instant until) {
        public long millisIntoItem(Instant now) {
            return Math.max(0, now.toEpochMilli() - slotStart.toEpochMilli());
        }
    }

    public static NowPlaying at(Playlist playlist, Instant now) {
        return at(playlist, now, playlist.timezone());
    }

    public static NowPlaying at(Playlist playlist, Instant now, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        List<Item> loop = eligibleLoop(playlist, local);
        Instant boundary = nextBoundary(playlist, now, zone);
        if (loop.isEmpty()) {
            return new NowPlaying(null, now, boundary, boundary);
        }
        long cycle = 0;
        for (Item i : loop) {
            cycle += i.durationMs();
        }
        long epochMs = now.toEpochMilli();
        long pos = Math.floorMod(epochMs, cycle);
        long offset = 0;
        for (Item i : loop) {
            if (pos < offset + i.durationMs()) {
                Instant start = Instant.ofEpochMilli(epochMs - (pos - offset));
                Instant end = start.plusMillis(i.durationMs());
                return new NowPlaying(i, start, end, end.isBefore(boundary) ? end : boundary);
            }
            offset += i.durationMs();
        }
        throw new AssertionError("position " + pos + " outside a loop of " + cycle + " ms");
    }

    /** The items of the highest priority that has any eligible at this local time, in playlist order. */
    public static List<Item> eligibleLoop(Playlist playlist, LocalDateTime local) {
        Priority[] tiers = Priority.values();
        for (int t = tiers.length - 1; t >= 0; t--) {
            List<Item> loop = new ArrayList<>();
            for (Item i : playlist.items()) {
                if (i.priority() == tiers[t] && i.rules().allows(local)) {
                    loop.add(i);
                }
            }
            if (!loop.isEmpty()) {
                return loop;
            }
        }
        return List.of();
    }

    /** The first instant after {@code now} at which some item's eligibility may change (a midnight or a window edge). */
    static Instant nextBoundary(Playlist playlist, Instant now, ZoneId zone) {
        LocalDate today = LocalDateTime.ofInstant(now, zone).toLocalDate();
        Instant best = today.plusDays(1).atStartOfDay(zone).toInstant();
        for (Item i : playlist.items()) {
            for (TimeWindow w : i.rules().windows()) {
                for (int d = -1; d <= HORIZON_DAYS; d++) {
                    LocalDate day = today.plusDays(d);
                    best = earliestAfter(now, best, day.atTime(w.start()).atZone(zone).toInstant());
                    best = earliestAfter(now, best, day.atTime(w.end()).atZone(zone).toInstant());
                }
            }
        }
        return best;
    }

    private static Instant earliestAfter(Instant now, Instant best, Instant candidate) {
        return candidate.isAfter(now) && candidate.isBefore(best) ? candidate : best;
    }
}
