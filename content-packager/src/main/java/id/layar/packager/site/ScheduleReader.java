package id.layar.packager.site;

import id.layar.packager.Msg;
import id.layar.packager.site.YamlFile.Fields;
import id.layar.playlist.Rules;
import id.layar.playlist.TimeWindow;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Reads {@code schedule:} (from, until, days, hours) into {@link Rules}, reporting every problem. */
final class ScheduleReader {
    static final List<String> FIELDS = List.of("from", "until", "days", "hours");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern WINDOW = Pattern.compile("\\s*(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})\\s*");
    private static final Map<String, DayOfWeek> DAYS = Map.ofEntries(
            Map.entry("senin", DayOfWeek.MONDAY), Map.entry("selasa", DayOfWeek.TUESDAY),
            Map.entry("rabu", DayOfWeek.WEDNESDAY), Map.entry("kamis", DayOfWeek.THURSDAY),
            Map.entry("jumat", DayOfWeek.FRIDAY), Map.entry("sabtu", DayOfWeek.SATURDAY),
            Map.entry("minggu", DayOfWeek.SUNDAY),
            Map.entry("mon", DayOfWeek.MONDAY), Map.entry("tue", DayOfWeek.TUESDAY),
            Map.entry("wed", DayOfWeek.WEDNESDAY), Map.entry("thu", DayOfWeek.THURSDAY),
            Map.entry("fri", DayOfWeek.FRIDAY), Map.entry("sat", DayOfWeek.SATURDAY), Map.entry("sun", DayOfWeek.SUNDAY),
            Map.entry("monday", DayOfWeek.MONDAY), Map.entry("tuesday", DayOfWeek.TUESDAY),
            Map.entry("wednesday", DayOfWeek.WEDNESDAY), Map.entry("thursday", DayOfWeek.THURSDAY),
            Map.entry("friday", DayOfWeek.FRIDAY), Map.entry("saturday", DayOfWeek.SATURDAY),
            Map.entry("sunday", DayOfWeek.SUNDAY));

    private final YamlFile yaml;

    ScheduleReader(YamlFile yaml) {
        this.yaml = yaml;
    }

    /** The rules, or null after reporting problems; {@link Rules#ALWAYS} when there is no schedule. */
    Rules read(Node node) {
        if (node == null || YamlFile.isNull(node)) {
            return Rules.ALWAYS;
        }
        Fields f = yaml.fields(node, "schedule", Msg.of("exp.schedule"));
        if (f == null) {
            return null;
        }
        f.allowOnly(FIELDS, Msg.of("exp.fields", String.join(", ", FIELDS)));
        int before = yaml.problems.size();
        LocalDate from = date(f, "from");
        LocalDate until = date(f, "until");
        if (from != null && until != null && until.isBefore(from)) {
            yaml.problem(f.get("until"), "schedule.until", Msg.of("exp.until", from), Msg.of("found.plain", until));
        }
        Set<DayOfWeek> days = days(f.optional("days"));
        List<TimeWindow> windows = hours(f.optional("hours"));
        if (yaml.problems.size() > before) {
            return null;
        }
        return new Rules(from, until, days, windows);
    }

    private LocalDate date(Fields f, String key) {
        Node n = f.optional(key);
        if (n == null) {
            return null;
        }
        String field = "schedule." + key;
        String text = yaml.text(n, field, Msg.of("exp.date"));
        if (text == null) {
            return null;
        }
        if (DATE.matcher(text).matches()) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                // 2026-02-30 and the like
            }
        }
        yaml.problem(n, field, Msg.of("exp.date"), YamlFile.found(n));
        return null;
    }

    private Set<DayOfWeek> days(Node n) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (n == null) {
            return days;
        }
        List<Node> items = yaml.list(n, "schedule.days", Msg.of("exp.days"));
        if (items == null) {
            return days;
        }
        if (items.isEmpty()) {
            yaml.problem(n, "schedule.days", Msg.of("exp.nonEmpty", "days"), Msg.of("found.emptyList"));
        }
        for (int i = 0; i < items.size(); i++) {
            String field = "schedule.days[" + i + "]";
            String text = yaml.text(items.get(i), field, Msg.of("exp.day"));
            if (text == null) {
                continue;
            }
            DayOfWeek d = DAYS.get(text.trim().toLowerCase(Locale.ROOT));
            if (d == null) {
                yaml.problem(items.get(i), field, Msg.of("exp.day"), YamlFile.found(items.get(i)));
            } else {
                days.add(d);
            }
        }
        return days;
    }

    private List<TimeWindow> hours(Node n) {
        return windows(n, "schedule.hours");
    }

    /** A list of daily windows like {@code ["23:00-05:00"]} under {@code key}; every bad one is a problem. */
    List<TimeWindow> windows(Node n, String key) {
        List<TimeWindow> windows = new ArrayList<>();
        if (n == null) {
            return windows;
        }
        List<Node> items = yaml.list(n, key, Msg.of("exp.hours"));
        if (items == null) {
            return windows;
        }
        if (items.isEmpty()) {
            yaml.problem(n, key, Msg.of("exp.nonEmpty", key.substring(key.lastIndexOf('.') + 1)), Msg.of("found.emptyList"));
        }
        for (int i = 0; i < items.size(); i++) {
            String field = key + "[" + i + "]";
            Node item = items.get(i);
            String text = yaml.text(item, field, Msg.of("exp.window"));
            if (text == null) {
                continue;
            }
            Matcher m = WINDOW.matcher(text);
            if (!m.matches()) {
                yaml.problem(item, field, Msg.of("exp.window"), YamlFile.found(item));
                continue;
            }
            LocalTime start = time(m.group(1), m.group(2));
            LocalTime end = time(m.group(3), m.group(4));
            if (start == null || end == null) {
                yaml.problem(item, field, Msg.of("exp.window.range"), YamlFile.found(item));
            } else if (start.equals(end)) {
                yaml.problem(item, field, Msg.of("exp.window.distinct"), YamlFile.found(item));
            } else {
                windows.add(new TimeWindow(start, end));
            }
        }
        return windows;
    }

    private static LocalTime time(String h, String m) {
        int hour = Integer.parseInt(h);
        int minute = Integer.parseInt(m);
        return hour <= 23 && minute <= 59 ? LocalTime.of(hour, minute) : null;
    }
}
