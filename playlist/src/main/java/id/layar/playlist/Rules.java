package id.layar.playlist;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * When an item may play, in the channel's local time: an inclusive date range, days of the week and
 * daily windows. Empty days means every day; empty windows means all day. Dates and days apply to the
 * day a window starts on.
 */
public record Rules(LocalDate from, LocalDate until, Set<DayOfWeek> days, List<TimeWindow> windows) {
    public static final Rules ALWAYS = new Rules(null, null, EnumSet.noneOf(DayOfWeek.class), List.of());

    public Rules {
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        windows = List.copyOf(windows);
        if (from != null && until != null && until.isBefore(from)) {
            throw new IllegalArgumentException("'until' " + until + " is before 'from' " + from);
        }
    }

    /** Whether an item with these rules may play at this local date-time. */
    public boolean allows(LocalDateTime local) {
        if (windows.isEmpty()) {
            return dayAllowed(local.toLocalDate());
        }
        LocalTime t = local.toLocalTime();
        LocalDate today = local.toLocalDate();
        for (TimeWindow w : windows) {
            if (!w.crossesMidnight()) {
                if (!t.isBefore(w.start()) && t.isBefore(w.end()) && dayAllowed(today)) {
                    return true;
                }
            } else {
                if (!t.isBefore(w.start()) && dayAllowed(today)) {
                    return true;
                }
                if (t.isBefore(w.end()) && dayAllowed(today.minusDays(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean dayAllowed(LocalDate day) {
        if (from != null && day.isBefore(from)) {
            return false;
        }
        if (until != null && day.isAfter(until)) {
            return false;
        }
        return days.isEmpty() || days.contains(day.getDayOfWeek());
    }
}
