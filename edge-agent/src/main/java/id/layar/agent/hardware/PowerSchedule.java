package id.layar.agent.hardware;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the panel is switched off: windows of local time in a zone (the channel's), like {@code 23:00-05:00}. A window
 * whose end is not after its start crosses midnight. Outside every window the panel is on. Pure: {@link #isOn} depends
 * on its arguments only.
 *
 * @param off  the windows the panel is off; empty means always on
 * @param zone the zone the times are read in
 */
public record PowerSchedule(List<Window> off, ZoneId zone) {
    private static final Pattern WINDOW = Pattern.compile("\\s*([0-9]{1,2}:[0-9]{2})\\s*-\\s*([0-9]{1,2}:[0-9]{2})\\s*");

    /**
     * A window of local time, {@code from} inclusive, {@code to} exclusive; {@code to} before {@code from} means the
     * window crosses midnight.
     */
    public record Window(LocalTime from, LocalTime to) {
        public Window {
            if (from == null || to == null) {
                throw new NullPointerException("from and to must be set");
            }
            if (from.equals(to)) {
                throw new IllegalArgumentException("the window " + from + "-" + to + " is empty (or the whole day); "
                        + "give different start and end times");
            }
        }

        public boolean contains(LocalTime t) {
            return from.isBefore(to)
                    ? !t.isBefore(from) && t.isBefore(to)
                    : !t.isBefore(from) || t.isBefore(to);
        }

        /**
         * Parses {@code HH:MM-HH:MM} ({@code 24:00} allowed as an end).
         *
         * @throws IllegalArgumentException saying what is expected
         */
        public static Window parse(String text) {
            Matcher m = WINDOW.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("expected a window like 23:00-05:00 (start-end, 24-hour local time); found '"
                        + text + "'");
            }
            return new Window(time(m.group(1), false), time(m.group(2), true));
        }

        private static LocalTime time(String s, boolean end) {
            String t = s.length() == 4 ? "0" + s : s;
            if (end && t.equals("24:00")) {
                return LocalTime.MIDNIGHT;
            }
            try {
                return LocalTime.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + s + "' is not a time of day from 00:00 to 23:59");
            }
        }

        @Override
        public String toString() {
            return from + "-" + to;
        }
    }

    public PowerSchedule {
        off = List.copyOf(off);
        if (zone == null) {
            throw new NullPointerException("zone must be set");
        }
    }

    /** A schedule that never switches the panel off. */
    public static PowerSchedule alwaysOn(ZoneId zone) {
        return new PowerSchedule(List.of(), zone);
    }

    public PowerSchedule withZone(ZoneId zone) {
        return new PowerSchedule(off, zone);
    }

    /** Whether the panel should be on at {@code now}, with the times read in this schedule's zone. */
    public boolean isOn(Instant now) {
        return isOn(now, zone);
    }

    /** Whether the panel should be on at {@code now}, with the times read in {@code zone}. */
    public boolean isOn(Instant now, ZoneId zone) {
        LocalTime t = now.atZone(zone).toLocalTime();
        for (Window w : off) {
            if (w.contains(t)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The next instant after {@code now} at which {@link #isOn} changes, or null when it never does. Looks two days
     * ahead, which covers every schedule of daily windows.
     */
    public Instant nextChange(Instant now, ZoneId zone) {
        if (off.isEmpty()) {
            return null;
        }
        boolean on = isOn(now, zone);
        TreeSet<Instant> edges = new TreeSet<>();
        LocalDate today = now.atZone(zone).toLocalDate();
        for (int day = 0; day <= 2; day++) {
            LocalDate d = today.plusDays(day);
            for (Window w : off) {
                for (LocalTime t : List.of(w.from(), w.to())) {
                    Instant edge = ZonedDateTime.of(d, t, zone).toInstant();
                    if (edge.isAfter(now)) {
                        edges.add(edge);
                    }
                }
            }
        }
        for (Instant edge : edges) {
            if (isOn(edge, zone) != on) {
                return edge;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return off.isEmpty() ? "always on" : "off " + off + " (" + zone + ")";
    }
}
