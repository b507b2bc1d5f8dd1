package id.layar.playlist;

import java.time.LocalTime;

/**
 * A daily window in the channel's local time. When {@code end} is not after {@code start} the window
 * runs past midnight and belongs to the day it starts on ("22:00-02:00" on Friday ends Saturday 02:00).
 */
public record TimeWindow(LocalTime start, LocalTime end) {
    public TimeWindow {
        if (start == null || end == null) {
            throw new IllegalArgumentException("a window needs a start and an end");
        }
        if (start.equals(end)) {
            throw new IllegalArgumentException("a window's start and end must differ; found " + start + "-" + end
                    + " (omit the hours to play all day)");
        }
    }

    public boolean crossesMidnight() {
        return !end.isAfter(start);
    }

    /** Parses {@code HH:MM-HH:MM}. */
    public static TimeWindow parse(String text) {
        String[] parts = text.split("-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected a window like 06:00-22:00; found '" + text + "'");
        }
        return new TimeWindow(parseTime(parts[0].trim(), text), parseTime(parts[1].trim(), text));
    }

    private static LocalTime parseTime(String hhmm, String whole) {
        if (!hhmm.matches("\\d{1,2}:\\d{2}")) {
            throw new IllegalArgumentException("expected times as HH:MM in '" + whole + "'; found '" + hhmm + "'");
        }
        int colon = hhmm.indexOf(':');
        int h = Integer.parseInt(hhmm.substring(0, colon));
        int m = Integer.parseInt(hhmm.substring(colon + 1));
        if (h > 23 || m > 59) {
            throw new IllegalArgumentException("time out of range in '" + whole + "': " + hhmm + " (00:00..23:59)");
        }
        return LocalTime.of(h, m);
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
