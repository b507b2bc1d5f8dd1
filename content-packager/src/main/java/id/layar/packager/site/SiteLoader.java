package id.layar.packager.site;

import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.site.YamlFile.Fields;
import id.layar.playlist.Item;
import id.layar.playlist.Panel;
import id.layar.playlist.Playlist;
import id.layar.playlist.Priority;
import id.layar.playlist.Rules;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and checks a site folder ({@code site.yaml}, {@code announcements/*.yaml}, {@code media/}) as
 * described in {@code docs/announcement-format.md}, collecting every problem rather than stopping at the first.
 * Pure checking: nothing is rendered or written.
 */
public final class SiteLoader {
    public static final String SITE_FILE = "site.yaml";
    public static final String ANNOUNCEMENTS = "announcements";

    static final List<String> SITE_FIELDS = List.of("site", "channels");
    static final List<String> CHANNEL_FIELDS = List.of("name", "width", "height", "fps", "timezone", "audio", "power-off");
    static final List<String> COMMON = List.of("id", "title", "type", "channels", "priority", "duration", "schedule");
    /** The types and their own fields, in the order messages list them. */
    static final Map<String, List<String>> TYPE_FIELDS = orderedTypes();
    static final long DEFAULT_DURATION_MS = 10_000;
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,5})m)?(?:(\\d{1,5})s)?");

    /**
     * The outcome of loading a site.
     *
     * @param site          the site when there are no problems, else null
     * @param problems      every problem, in reading order
     * @param displayName   the site folder as shown in messages
     * @param announcements how many announcement files were read
     * @param channels      how many channels site.yaml defines
     */
    public record Result(Site site, List<Problem> problems, String displayName, int announcements, int channels) {
        public boolean valid() {
            return problems.isEmpty();
        }

        /** The site, or the problems as an exception. */
        public Site orThrow() throws SiteInvalidException {
            if (!valid()) {
                throw new SiteInvalidException(displayName, problems);
            }
            return site;
        }
    }

    /** Reading order: site.yaml first, then announcement files by name, then line and column. */
    public static final Comparator<Problem> READING_ORDER = Comparator
            .comparing((Problem p) -> !p.pos().file().endsWith("/" + SITE_FILE))
            .thenComparing(p -> p.pos().file())
            .thenComparingInt(p -> p.pos().line())
            .thenComparingInt(p -> p.pos().column());

    private static Map<String, List<String>> orderedTypes() {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        m.put("slide", List.of("text", "style"));
        m.put("image", List.of("image", "fit"));
        m.put("video", List.of("video", "fit"));
        m.put("ticker", List.of("text", "speed", "style"));
        m.put("clock", List.of("style"));
        return java.util.Collections.unmodifiableMap(m);
    }

    private final Path dir;
    private final String display;
    private final List<Problem> problems = new ArrayList<>();
    /** Channel ids written in site.yaml (even those with bad fields), so they are not also "unknown". */
    private final Set<String> channelIds = new LinkedHashSet<>();
    private String siteName;

    private SiteLoader(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        Path name = this.dir.getFileName();
        this.display = name == null ? this.dir.toString() : name.toString();
    }

    /**
     * Loads and checks a site.
     *
     * @throws PackagerException when the folder itself is missing or unreadable
     */
    public static Result load(Path siteDir) {
        return new SiteLoader(siteDir).run();
    }

    /** The site folder as shown in messages: its own name. */
    public static String displayName(Path siteDir) {
        Path name = siteDir.toAbsolutePath().normalize().getFileName();
        return name == null ? siteDir.toString() : name.toString();
    }

    private Result run() {
        if (!Files.isDirectory(dir)) {
            throw new PackagerException(PackagerException.Kind.INVALID_INPUT, Msg.of("err.noSiteFolder", dir));
        }
        List<Channel> channels = loadSiteFile();
        List<Announcement> announcements = new ArrayList<>();
        int files = loadAnnouncements(channels, announcements);
        problems.sort(READING_ORDER);
        Site site = problems.isEmpty() ? new Site(dir, display, siteName, channels, announcements) : null;
        return new Result(site, List.copyOf(problems), display, files, channelIds.size());
    }

    private String show(String relative) {
        return display + "/" + relative;
    }

    private byte[] read(Path file, String shown) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            problems.add(new Problem(Pos.wholeFile(shown), "file", Msg.of("exp.readable"),
                    Msg.of("found.unreadable", e.getClass().getSimpleName() + ": " + e.getMessage())));
            return null;
        }
    }

    // ---- site.yaml ----

    private List<Channel> loadSiteFile() {
        String shown = show(SITE_FILE);
        Path file = dir.resolve(SITE_FILE);
        List<Channel> channels = new ArrayList<>();
        siteName = display;
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem(Pos.wholeFile(shown), SITE_FILE, Msg.of("exp.siteFile"), Msg.of("found.noFile")));
            return channels;
        }
        byte[] bytes = read(file, shown);
        if (bytes == null) {
            return channels;
        }
        Node root = StrictYaml.compose(shown, bytes, problems);
        YamlFile yaml = new YamlFile(shown, problems);
        if (root == null) {
            if (problems.stream().noneMatch(p -> p.pos().file().equals(shown))) {
                problems.add(new Problem(Pos.wholeFile(shown), "yaml", Msg.of("exp.siteMapping"), Msg.of("found.emptyFile")));
            }
            return channels;
        }
        Fields f = yaml.fields(root, "", Msg.of("exp.siteMapping"));
        if (f == null) {
            return channels;
        }
        f.allowOnly(SITE_FIELDS, Msg.of("exp.fields", String.join(", ", SITE_FIELDS)));
        Node name = f.get("site");
        if (name != null) {
            String s = yaml.text(name, "site", Msg.of("exp.text"));
            if (s != null && !s.isBlank()) {
                siteName = s.strip();
            }
        }
        Node chs = f.required("channels", Msg.of("exp.channels.map"));
        if (chs == null) {
            return channels;
        }
        Fields cf = yaml.fields(chs, "channels", Msg.of("exp.channels.map"));
        if (cf == null) {
            return channels;
        }
        if (cf.names().isEmpty()) {
            yaml.problem(chs, "channels", Msg.of("exp.channels.map"), Msg.of("found.emptyMapping"));
        }
        for (String id : cf.names()) {
            String field = "channels." + id;
            if (!Playlist.CHANNEL.matcher(id).matches()) {
                yaml.problem(cf.keyNode(id), field, Msg.of("exp.channelId"), Msg.of("found.value", YamlFile.shorten(id)));
                continue;
            }
            channelIds.add(id);
            Channel c = channel(yaml, id, field, cf.get(id));
            if (c != null) {
                channels.add(c);
            }
        }
        return channels;
    }

    private Channel channel(YamlFile yaml, String id, String field, Node node) {
        Fields f = yaml.fields(node, field, Msg.of("exp.channel"));
        if (f == null) {
            return null;
        }
        f.allowOnly(CHANNEL_FIELDS, Msg.of("exp.fields", String.join(", ", CHANNEL_FIELDS)));
        int before = problems.size();
        String name = id;
        if (f.get("name") != null) {
            String n = yaml.text(f.get("name"), field + ".name", Msg.of("exp.text"));
            name = n == null ? id : n.strip();
        }
        Long width = intField(yaml, f, "width", 16, 7680);
        Long height = intField(yaml, f, "height", 16, 4320);
        Long fps = intField(yaml, f, "fps", 1, 60);
        Boolean audio = Boolean.FALSE;
        Node a = f.optional("audio");
        if (a != null) {
            audio = yaml.bool(a, field + ".audio", Msg.of("exp.bool"));
        }
        List<id.layar.playlist.TimeWindow> powerOff = new ScheduleReader(yaml).windows(f.optional("power-off"), field + ".power-off");
        ZoneId zone = null;
        Node tz = f.required("timezone", Msg.of("exp.timezone"));
        if (tz != null) {
            String t = yaml.text(tz, field + ".timezone", Msg.of("exp.timezone"));
            if (t != null) {
                if (ZoneId.getAvailableZoneIds().contains(t.strip())) {
                    zone = ZoneId.of(t.strip());
                } else {
                    yaml.problem(tz, field + ".timezone", Msg.of("exp.timezone"), zoneHint(t.strip(), tz));
                }
            }
        }
        if (problems.size() > before || width == null || height == null || fps == null || zone == null || audio == null) {
            return null;
        }
        return new Channel(id, name, new Panel(width.intValue(), height.intValue(), fps.intValue()), zone, audio, powerOff,
                yaml.pos(node));
    }

    private static Msg zoneHint(String zone, Node node) {
        String iana = switch (zone.toUpperCase(java.util.Locale.ROOT)) {
            case "WIB" -> "Asia/Jakarta";
            case "WITA" -> "Asia/Makassar";
            case "WIT" -> "Asia/Jayapura";
            default -> null;
        };
        return iana == null ? YamlFile.found(node) : Msg.of("found.zoneAbbrev", zone, iana);
    }

    private static Long intField(YamlFile yaml, Fields f, String key, long min, long max) {
        Msg expected = Msg.of("exp.intRange", min, max);
        Node n = f.required(key, expected);
        return n == null ? null : yaml.integer(n, f.path(key), min, max, expected);
    }

    // ---- announcements ----

    private int loadAnnouncements(List<Channel> channels, List<Announcement> out) {
        Path folder = dir.resolve(ANNOUNCEMENTS);
        String shownFolder = show(ANNOUNCEMENTS);
        if (!Files.isDirectory(folder)) {
            problems.add(new Problem(Pos.wholeFile(shownFolder), ANNOUNCEMENTS, Msg.of("exp.announcementsFolder"),
                    Msg.of("found.noFolder")));
            return 0;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(p)) {
                    continue; // editor swap files, sub-folders
                }
                if (name.endsWith(".yaml")) {
                    files.add(p);
                } else if (name.endsWith(".yml") || name.endsWith(".YAML") || name.endsWith(".Yaml")) {
                    problems.add(new Problem(Pos.wholeFile(shownFolder + "/" + name), "file", Msg.of("exp.yamlName"),
                            Msg.of("found.value", name)));
                }
            }
        } catch (IOException e) {
            problems.add(new Problem(Pos.wholeFile(shownFolder), ANNOUNCEMENTS, Msg.of("exp.readable"),
                    Msg.of("found.unreadable", e.getMessage())));
            return 0;
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        if (files.isEmpty()) {
            problems.add(new Problem(Pos.wholeFile(shownFolder), ANNOUNCEMENTS, Msg.of("exp.someAnnouncements"),
                    Msg.of("found.noAnnouncements")));
        }
        Map<String, String> idToFile = new HashMap<>();
        for (Path p : files) {
            Announcement a = announcement(p, idToFile);
            if (a != null) {
                out.add(a);
            }
        }
        return files.size();
    }

    private Announcement announcement(Path path, Map<String, String> idToFile) {
        String fileName = path.getFileName().toString();
        String shown = show(ANNOUNCEMENTS + "/" + fileName);
        byte[] bytes = read(path, shown);
        if (bytes == null) {
            return null;
        }
        int before = problems.size();
        Node root = StrictYaml.compose(shown, bytes, problems);
        if (root == null) {
            if (problems.size() == before) {
                problems.add(new Problem(Pos.wholeFile(shown), "yaml", Msg.of("exp.announcement"), Msg.of("found.emptyFile")));
            }
            return null;
        }
        YamlFile yaml = new YamlFile(shown, problems);
        Fields f = yaml.fields(root, "", Msg.of("exp.announcement"));
        if (f == null) {
            return null;
        }

        String type = type(yaml, f);
        List<String> allowed = new ArrayList<>(COMMON);
        if (type != null) {
            allowed.addAll(TYPE_FIELDS.get(type));
        } else {
            TYPE_FIELDS.values().forEach(l -> l.stream().filter(x -> !allowed.contains(x)).forEach(allowed::add));
        }
        f.allowOnly(allowed, type == null ? Msg.of("exp.fields", String.join(", ", allowed))
                : Msg.of("exp.fieldsFor", type, String.join(", ", allowed)));

        String id = id(yaml, f, fileName, shown, idToFile);
        String title = null;
        Node t = f.required("title", Msg.of("exp.title"));
        if (t != null) {
            title = yaml.text(t, "title", Msg.of("exp.title"));
            if (title != null && title.isBlank()) {
                yaml.problem(t, "title", Msg.of("exp.title"), Msg.of("found.blank"));
                title = null;
            }
        }
        List<String> channels = channels(yaml, f);
        Priority priority = priority(yaml, f);
        long durationMs = duration(yaml, f, type);
        Rules rules = new ScheduleReader(yaml).read(f.get("schedule"));
        Content content = type == null ? null : switch (type) {
            case "slide" -> new ContentReader(yaml, dir, display).slide(f);
            case "image" -> new ContentReader(yaml, dir, display).image(f);
            case "video" -> new ContentReader(yaml, dir, display).video(f);
            case "clock" -> new ContentReader(yaml, dir, display).clock(f);
            default -> new ContentReader(yaml, dir, display).ticker(f);
        };
        if (problems.size() > before || id == null || title == null || channels == null || priority == null
                || rules == null || content == null) {
            return null;
        }
        return new Announcement(id, shown, fileName, title.strip(), priority, channels, durationMs, rules, content);
    }

    private static String type(YamlFile yaml, Fields f) {
        Node n = f.required("type", Msg.of("exp.type"));
        if (n == null) {
            return null;
        }
        String type = yaml.text(n, "type", Msg.of("exp.type"));
        if (type == null) {
            return null;
        }
        if (!TYPE_FIELDS.containsKey(type)) {
            yaml.problem(n, "type", Msg.of("exp.type"), YamlFile.found(n));
            return null;
        }
        return type;
    }

    private String id(YamlFile yaml, Fields f, String fileName, String shown, Map<String, String> idToFile) {
        Node n = f.get("id");
        String id;
        Pos pos;
        if (n == null) {
            id = fileName.substring(0, fileName.length() - ".yaml".length());
            pos = Pos.wholeFile(shown);
            if (!Item.ID.matcher(id).matches()) {
                yaml.problem(pos, "id", Msg.of("exp.idFromFile"), Msg.of("found.value", YamlFile.shorten(id)));
                return null;
            }
        } else {
            id = yaml.text(n, "id", Msg.of("exp.id"));
            if (id == null) {
                return null;
            }
            pos = yaml.pos(n);
            if (!Item.ID.matcher(id).matches()) {
                yaml.problem(n, "id", Msg.of("exp.id"), YamlFile.found(n));
                return null;
            }
        }
        String other = idToFile.putIfAbsent(id, shown);
        if (other != null) {
            yaml.problem(pos, "id", Msg.of("exp.idUnique"), Msg.of("found.idTaken", id, other));
            return null;
        }
        return id;
    }

    private List<String> channels(YamlFile yaml, Fields f) {
        Node n = f.required("channels", Msg.of("exp.channelList"));
        if (n == null) {
            return null;
        }
        List<Node> items = yaml.list(n, "channels", Msg.of("exp.channelList"));
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            yaml.problem(n, "channels", Msg.of("exp.channelList"), Msg.of("found.emptyList"));
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String field = "channels[" + i + "]";
            String c = yaml.text(items.get(i), field, Msg.of("exp.channelKnown", String.join(", ", channelIds)));
            if (c == null) {
                ok = false;
            } else if (!channelIds.contains(c) && !channelIds.isEmpty()) { // else site.yaml's problem is reported
                yaml.problem(items.get(i), field, Msg.of("exp.channelKnown", String.join(", ", channelIds)),
                        YamlFile.found(items.get(i)));
                ok = false;
            } else if (!ids.add(c)) {
                yaml.problem(items.get(i), field, Msg.of("exp.channelOnce"), YamlFile.found(items.get(i)));
                ok = false;
            }
        }
        return ok ? List.copyOf(ids) : null;
    }

    private static Priority priority(YamlFile yaml, Fields f) {
        Node n = f.get("priority");
        if (n == null) {
            return Priority.NORMAL;
        }
        String p = yaml.text(n, "priority", Msg.of("exp.priority"));
        if (p == null) {
            return null;
        }
        try {
            return Priority.parse(p);
        } catch (IllegalArgumentException e) {
            yaml.problem(n, "priority", Msg.of("exp.priority"), YamlFile.found(n));
            return null;
        }
    }

    /**
     * Milliseconds; 0 for a ticker, and for a video without {@code duration} (its own length then, known when it
     * is transcoded), and after a problem, which stops the announcement anyway.
     */
    private static long duration(YamlFile yaml, Fields f, String type) {
        Node n = f.get("duration");
        if ("ticker".equals(type)) {
            if (n != null) {
                yaml.problem(n, "duration", Msg.of("exp.noTickerDuration"), YamlFile.found(n));
            }
            return 0;
        }
        if (n == null) {
            return "video".equals(type) ? 0 : DEFAULT_DURATION_MS;
        }
        Long seconds = null;
        if (n instanceof org.yaml.snakeyaml.nodes.ScalarNode s && !YamlFile.isNull(s)) {
            seconds = seconds(s.getValue());
        }
        if (seconds == null) {
            yaml.problem(n, "duration", Msg.of("exp.duration"), YamlFile.found(n));
            return 0;
        }
        if (seconds < 1 || seconds > 3600) {
            yaml.problem(n, "duration", Msg.of("exp.durationRange"), Msg.of("found.seconds", seconds));
            return 0;
        }
        return seconds * 1000;
    }

    /** {@code 90}, {@code 90s}, {@code 1m30s}, {@code 2m}; null when not a duration. */
    static Long seconds(String text) {
        String t = text.strip();
        if (t.matches("[+]?\\d{1,9}")) {
            return Long.parseLong(t.replace("+", ""));
        }
        Matcher m = DURATION.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            return null;
        }
        long minutes = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long secs = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        return minutes * 60 + secs;
    }
}
