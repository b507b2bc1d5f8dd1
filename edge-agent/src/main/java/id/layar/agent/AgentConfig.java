package id.layar.agent;

import id.layar.agent.hardware.HardwareConfig;
import id.layar.agent.telemetry.MqttSettings;
import id.layar.playlist.Playlist;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The agent's settings, from a YAML file a technician writes at provisioning.
 *
 * @param device  this controller's id
 * @param channel the channel it plays
 * @param origin  base URL of the bundle (always ends in '/')
 * @param root    the trusted root file installed at provisioning
 * @param state   the state folder (accepted playlist, blobs, temp downloads)
 * @param poll    how often to look for a new playlist
 * @param width   panel width in pixels
 * @param height  panel height in pixels
 * @param fps     frames per second the player ticks at
 * @param output  the panel output: {@value #OUTPUT_VIRTUAL} (the demo), {@code framebuffer} (HDMI into a sender card)
 *                or {@code spi} (an LED matrix); the {@code hardware:} section says how
 * @param apiHost the technician API's listening address
 * @param apiPort the technician API's port; 0 picks a free one
 * @param expired what the wall shows once the accepted playlist has expired by trusted time
 * @param quota   the most bytes blobs and partial downloads may take in the state folder; 0 means
 *                {@value #AUTO_QUOTA_PERCENT}% of the state folder's file system
 * @param download how blobs are downloaded and failed syncs retried
 * @param hardware the output's settings and the power relay, light sensor and status LED ({@code hardware:})
 * @param apiToken what the technician API asks for ({@code api.token}); null only on a loopback address (tests, demo)
 * @param mqtt     the broker for state, proof of play and notifications ({@code mqtt:}), or null for none
 */
public record AgentConfig(String device, String channel, URI origin, Path root, Path state, Duration poll,
                          int width, int height, int fps, String output, String apiHost, int apiPort,
                          ExpiredPolicy expired, long quota, Download download, HardwareConfig hardware,
                          String apiToken, MqttSettings mqtt) {
    public static final Pattern DEVICE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    public static final Duration MIN_POLL = Duration.ofSeconds(5);
    public static final Duration MAX_POLL = Duration.ofHours(1);
    public static final String OUTPUT_VIRTUAL = "virtual";
    public static final Set<String> OUTPUTS = Set.of(OUTPUT_VIRTUAL, "framebuffer", "spi");
    /** The shortest {@code api.token} accepted: 16 characters (like {@code openssl rand -hex 16} gives 32). */
    public static final int MIN_TOKEN_LENGTH = 16;
    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{" + MIN_TOKEN_LENGTH + ",200}");
    /** A config file larger than this is certainly not one. */
    static final int MAX_FILE_BYTES = 64 * 1024;
    /** Without a {@code quota:} key, blobs may use this share of the state folder's file system. */
    public static final int AUTO_QUOTA_PERCENT = 80;
    public static final long MIN_QUOTA = 1024L * 1024;
    public static final long MAX_QUOTA = 1L << 44;

    /** What the wall shows once the accepted playlist has expired and nothing newer arrived. */
    public enum ExpiredPolicy {
        /** Keep showing the content and raise an alarm in status: a dark wall helps nobody (the default). */
        KEEP_PLAYING("keep-playing"),
        /** Show black and say why in status. */
        BLANK("blank");

        private final String wireName;

        ExpiredPolicy(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static ExpiredPolicy parse(String s) {
            for (ExpiredPolicy p : values()) {
                if (p.wireName.equals(s)) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * How blobs are fetched and failed syncs retried.
     *
     * @param parallel blobs downloaded at once
     * @param minBytes a download that receives fewer bytes than this in one {@code window} is aborted (slow retrieval)
     * @param window   the window of the minimum rate
     * @param grace    added to {@code size / (minBytes per window)} to give each download's deadline
     * @param retry    the first retry delay after a failed sync; it doubles (with full jitter) up to 4 x poll
     */
    public record Download(int parallel, long minBytes, Duration window, Duration grace, Duration retry) {
        public static final Download DEFAULT = new Download(2, 4096, Duration.ofSeconds(20), Duration.ofSeconds(60),
                Duration.ofSeconds(5));

        public Download {
            List<String> problems = new ArrayList<>();
            check(problems, "download.parallel", checkRange(parallel, 1, 8));
            check(problems, "download.min-bytes", minBytes < 1 || minBytes > 1024 * 1024 ? "must be 1 byte..1 MiB; found " + minBytes : null);
            check(problems, "download.window", window == null || window.isNegative() || window.isZero() || window.compareTo(Duration.ofMinutes(10)) > 0
                    ? "must be more than 0 and at most 10m; found " + window : null);
            check(problems, "download.grace", grace == null || grace.isNegative() || grace.compareTo(Duration.ofHours(1)) > 0
                    ? "must be 0..1h; found " + grace : null);
            check(problems, "download.retry", retry == null || retry.isNegative() || retry.isZero() || retry.compareTo(Duration.ofMinutes(10)) > 0
                    ? "must be more than 0 and at most 10m; found " + retry : null);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid agent config: " + String.join("; ", problems));
            }
        }

        /** A download of {@code size} bytes is aborted after {@code size / (minBytes per window) + grace}. */
        public Duration deadline(long size) {
            long windows = Math.max(1, (size + minBytes - 1) / minBytes);
            long millis = Math.min(windows, Long.MAX_VALUE / Math.max(1, window.toMillis()) / 2) * window.toMillis();
            return Duration.ofMillis(millis).plus(grace);
        }

        public Download withParallel(int n) {
            return new Download(n, minBytes, window, grace, retry);
        }

        public Download withRate(long minBytes, Duration window, Duration grace) {
            return new Download(parallel, minBytes, window, grace, retry);
        }

        public Download withRetry(Duration retry) {
            return new Download(parallel, minBytes, window, grace, retry);
        }
    }

    /** A config with the defaults for the keys added after the first release (used by tests and tools). */
    public AgentConfig(String device, String channel, URI origin, Path root, Path state, Duration poll,
                       int width, int height, int fps, String output, String apiHost, int apiPort) {
        this(device, channel, origin, root, state, poll, width, height, fps, output, apiHost, apiPort,
                ExpiredPolicy.KEEP_PLAYING, 0, Download.DEFAULT, defaultHardware(output), null, null);
    }

    /** The {@code hardware:} section's defaults for an output (spi has none: its wiring must be given). */
    static HardwareConfig defaultHardware(String output) {
        if (output == null || OUTPUT_VIRTUAL.equals(output)) {
            return HardwareConfig.NONE;
        }
        List<String> problems = new ArrayList<>();
        // spi has no safe default wiring: the same guess provisioning writes, checked with the grid test pattern.
        Map<String, Object> section = "spi".equals(output)
                ? Map.of("output", output, "spi", Map.of("layout", HardwareConfig.GUESSED_SPI_LAYOUT,
                        "start", HardwareConfig.GUESSED_SPI_START))
                : Map.of("output", output);
        HardwareConfig hw = HardwareConfig.fromMap(section, (key, text) -> problems.add(key + ": " + text));
        if (hw == null) {
            throw new IllegalArgumentException("invalid agent config: " + String.join("; ", problems));
        }
        return hw;
    }

    public AgentConfig withExpired(ExpiredPolicy policy) {
        return new AgentConfig(device, channel, origin, root, state, poll, width, height, fps, output, apiHost, apiPort, policy, quota, download, hardware, apiToken, mqtt);
    }

    public AgentConfig withQuota(long bytes) {
        return new AgentConfig(device, channel, origin, root, state, poll, width, height, fps, output, apiHost, apiPort, expired, bytes, download, hardware, apiToken, mqtt);
    }

    public AgentConfig withDownload(Download d) {
        return new AgentConfig(device, channel, origin, root, state, poll, width, height, fps, output, apiHost, apiPort, expired, quota, d, hardware, apiToken, mqtt);
    }

    public AgentConfig withState(Path dir) {
        return new AgentConfig(device, channel, origin, root, dir, poll, width, height, fps, output, apiHost, apiPort, expired, quota, download, hardware, apiToken, mqtt);
    }

    public AgentConfig withHardware(HardwareConfig hw) {
        return new AgentConfig(device, channel, origin, root, state, poll, width, height, fps, hw.output().wireName(), apiHost,
                apiPort, expired, quota, download, hw, apiToken, mqtt);
    }

    public AgentConfig withApiToken(String token) {
        return new AgentConfig(device, channel, origin, root, state, poll, width, height, fps, output, apiHost, apiPort,
                expired, quota, download, hardware, token, mqtt);
    }

    public AgentConfig withMqtt(MqttSettings settings) {
        return new AgentConfig(device, channel, origin, root, state, poll, width, height, fps, output, apiHost, apiPort,
                expired, quota, download, hardware, apiToken, settings);
    }

    public AgentConfig withApiPort(int port) {
        return new AgentConfig(device, channel, origin, root, state, poll, width, height, fps, output, apiHost, port, expired, quota, download, hardware, apiToken, mqtt);
    }

    public AgentConfig {
        List<String> problems = new ArrayList<>();
        check(problems, "device", checkDevice(device));
        check(problems, "channel", checkChannel(channel));
        check(problems, "origin", origin == null ? "must be set" : checkOrigin(origin));
        check(problems, "root", root == null ? "must be set" : null);
        check(problems, "state", state == null ? "must be set" : null);
        check(problems, "poll", poll == null || poll.compareTo(MIN_POLL) < 0 || poll.compareTo(MAX_POLL) > 0 ? POLL_RULE + ", found " + poll : null);
        check(problems, "panel.width", checkRange(width, 16, 7680));
        check(problems, "panel.height", checkRange(height, 16, 4320));
        check(problems, "panel.fps", checkRange(fps, 1, 60));
        check(problems, "panel.output", checkOutput(output));
        check(problems, "api.host", apiHost == null || apiHost.isBlank() ? "must be set" : null);
        check(problems, "api.port", checkRange(apiPort, 0, 65535));
        check(problems, "expired", expired == null ? "must be keep-playing or blank" : null);
        // The file's reader asks for at least 1 MiB; tests build tiny quotas directly.
        check(problems, "quota", quota < 0 || quota > MAX_QUOTA ? "must be up to 16TiB (or absent for "
                + AUTO_QUOTA_PERCENT + "% of the disk); found " + quota + " bytes" : null);
        check(problems, "download", download == null ? "must be set" : null);
        check(problems, "hardware", hardware == null ? "must be set (HardwareConfig.NONE for the virtual panel)"
                : output != null && !output.equals(hardware.output().wireName()) ? "hardware.output is "
                + hardware.output().wireName() + " but panel.output is " + output + "; make them agree" : null);
        check(problems, "api.token", checkToken(apiToken, apiHost));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid agent config: " + String.join("; ", problems));
        }
        origin = withTrailingSlash(origin);
    }

    private static void check(List<String> problems, String key, String problem) {
        if (problem != null) {
            problems.add(key + ": " + problem);
        }
    }

    /**
     * The URL a tool on this controller (doctor, {@code test-pattern}) reaches the technician API at: an API that
     * listens on every address ({@code 0.0.0.0}, {@code ::}) is reached on the loopback.
     */
    public URI localApiUrl(String path) {
        String h = apiHost.equals("0.0.0.0") ? "127.0.0.1" : apiHost.equals("::") ? "::1" : apiHost;
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return URI.create("http://" + h + ":" + apiPort + path);
    }

    /** The URL of this channel's signed playlist on the origin. */
    public URI playlistUrl() {
        return origin.resolve("channels/" + channel + "/playlist.json");
    }

    /** The URL of a blob on the origin ({@code blobs/sha256/<hex>}). */
    public URI blobUrl(String sha256) {
        return origin.resolve("blobs/sha256/" + sha256);
    }

    /** This channel's playlist below a bundle's root (the origin or a folder). */
    public String playlistPath() {
        return "channels/" + channel + "/playlist.json";
    }

    // ---- loading ----

    /** Every problem found in a config file, each naming file, line, key, what is allowed and what was found. */
    public static final class InvalidConfigException extends Exception {
        private final List<String> problems;

        public InvalidConfigException(Path file, List<String> problems) {
            super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + file + ":\n  "
                    + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * Reads and checks a config file. Relative paths are resolved against the file's folder.
     *
     * @throws InvalidConfigException listing every problem at once
     */
    public static AgentConfig load(Path file) throws InvalidConfigException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        Path folder = file.toAbsolutePath().getParent();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidConfigException(file, List.of(name + ": the file is larger than " + MAX_FILE_BYTES
                        + " bytes; is it the right file?"));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidConfigException(file, List.of(name + ": cannot read the file (" + e + ")"));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidConfigException(file, List.of(name + ": the file is not UTF-8 text"));
        }
        Node doc;
        try {
            doc = yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? name : name + ":" + (m.getLine() + 1);
            throw new InvalidConfigException(file, List.of(where + ": not valid YAML: " + e.getProblem()));
        } catch (YAMLException | NumberFormatException e) {
            throw new InvalidConfigException(file, List.of(name + ": not valid YAML: " + e.getMessage()));
        }
        return new Reader(name, folder).read(doc, file);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_FILE_BYTES);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new PlainResolver());
    }

    /**
     * YAML 1.1 reads {@code no} as false and {@code 10:30} as 630. This resolver only recognises true/false,
     * decimal integers and null; everything else stays a string for this class's own parsing.
     */
    static final class PlainResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|false)$"), "tf");
            addImplicitResolver(Tag.INT, Pattern.compile("^[-+]?[0-9]+$"), "-+0123456789");
            addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|)$"), "~n\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }

    private static final String POLL_RULE = "expected a duration from 5s to 1h (like 30s or 2m)";
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,7})\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,13})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?");

    /** Walks the composed node tree; every scalar is read from its source text, never from YAML typing. */
    private static final class Reader {
        private final String name;
        private final Path folder;
        private final List<String> problems = new ArrayList<>();

        Reader(String name, Path folder) {
            this.name = name;
            this.folder = folder;
        }

        AgentConfig read(Node doc, Path file) throws InvalidConfigException {
            if (doc == null) {
                throw new InvalidConfigException(file, List.of(name + ": the file is empty; expected the keys device,"
                        + " channel, origin, root, state, poll, panel and api"));
            }
            Map<String, NodeTuple> top = mapping(doc, "", List.of("device", "channel", "origin", "root", "state", "poll", "panel",
                    "api", "expired", "quota", "download", "hardware", "mqtt"));
            Map<String, NodeTuple> panel = section(top, "panel", List.of("width", "height", "fps", "output"), doc);
            Map<String, NodeTuple> api = section(top, "api", List.of("host", "port", "token"), doc);
            Map<String, NodeTuple> dl = section(top, "download", List.of("parallel", "min-bytes", "window", "grace", "retry"), doc);

            String device = string(top, "device", doc, true, "expected a device id: lower-case letters, digits and '-'"
                    + " (1-40 characters, starting with a letter or digit)", v -> checkDevice(v) == null);
            String channel = string(top, "channel", doc, true, "expected a channel name: lower-case letters, digits and"
                    + " '-' (1-40 characters, starting with a letter or digit)", v -> checkChannel(v) == null);
            URI origin = uri(top, doc);
            Path root = path(top, "root", doc, true);
            Path state = path(top, "state", doc, false);
            Duration poll = duration(top, doc);
            int width = integer(panel, "panel", "width", doc, 16, 7680, null);
            int height = integer(panel, "panel", "height", doc, 16, 4320, null);
            int fps = integer(panel, "panel", "fps", doc, 1, 60, 30);
            String output = optString(panel, "panel", "output", OUTPUT_VIRTUAL, "expected virtual (no wall: the technician"
                    + " page shows it), framebuffer (HDMI into a sender card) or spi (an APA102/SK9822 matrix)", OUTPUTS::contains);
            String host = optString(api, "api", "host", "127.0.0.1", "expected an address or host name to listen on"
                    + " (like 127.0.0.1 or 0.0.0.0)", v -> v.matches("[A-Za-z0-9.:\\-\\[\\]]{1,253}"));
            int port = integer(api, "api", "port", doc, 0, 65535, 8081);
            String token = scalar(api, "api", "token", doc, false, "expected a token");
            if (host != null && checkToken(token, host) != null) {
                Node at = api.containsKey("token") ? api.get("token").getValueNode() : api.containsKey("host")
                        ? api.get("host").getValueNode() : doc;
                problem(at, "api.token", checkToken(token, host));
            }
            HardwareConfig hardware = hardware(top, output, width, height);
            MqttSettings mqtt = mqtt(section(top, "mqtt", List.of("url", "username", "password", "password-file",
                    "state-interval"), doc), top, device);
            String expiredText = optString(top, null, "expired", ExpiredPolicy.KEEP_PLAYING.wireName(), "expected keep-playing"
                    + " (show the expired content and raise an alarm) or blank (show black)", v -> ExpiredPolicy.parse(v) != null);
            long quota = bytes(top, null, "quota", 0, MIN_QUOTA, MAX_QUOTA, "expected a size from 1MiB to 16TiB (like 2GiB or"
                    + " 500MiB), or no key for " + AUTO_QUOTA_PERCENT + "% of the state folder's disk");
            Download d = Download.DEFAULT;
            int parallel = integer(dl, "download", "parallel", doc, 1, 8, d.parallel());
            long minBytes = bytes(dl, "download", "min-bytes", d.minBytes(), 1, 1024 * 1024, "expected a size from 1 to 1MiB"
                    + " (like 4KiB): a download that receives less in one window is aborted");
            Duration window = optDuration(dl, "download", "window", d.window(), Duration.ofSeconds(1), Duration.ofMinutes(10));
            Duration grace = optDuration(dl, "download", "grace", d.grace(), Duration.ZERO, Duration.ofHours(1));
            Duration retry = optDuration(dl, "download", "retry", d.retry(), Duration.ofSeconds(1), Duration.ofMinutes(10));

            if (!problems.isEmpty()) {
                throw new InvalidConfigException(file, problems);
            }
            return new AgentConfig(device, channel, origin, root, state, poll, width, height, fps, output, host, port,
                    ExpiredPolicy.parse(expiredText), quota, new Download(parallel, minBytes, window, grace, retry),
                    hardware, token, mqtt);
        }

        /**
         * The {@code hardware:} section, read by {@link HardwareConfig#fromMap} with each problem placed on the line of
         * its key. {@code panel.output} names the output; a {@code hardware.output} must agree with it.
         */
        private HardwareConfig hardware(Map<String, NodeTuple> top, String output, int width, int height) {
            NodeTuple t = top.get("hardware");
            Node node = t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
            Map<String, Object> section = new LinkedHashMap<>();
            if (node != null) {
                if (!(node instanceof MappingNode)) {
                    problem(node, "hardware", "expected a section (output, framebuffer, spi, power, light, led), found " + describe(node));
                    return HardwareConfig.NONE;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) plain(node);
                section = m;
            }
            Object declared = section.get("output");
            if (declared != null && !declared.equals(output)) {
                problem(lineNode(node, "output"), "hardware.output", "is '" + declared + "' but panel.output is '" + output
                        + "'; keep panel.output and remove hardware.output");
                return HardwareConfig.NONE;
            }
            section.put("output", output);
            Node at = node == null ? top.containsKey("panel") ? top.get("panel").getKeyNode() : null : node;
            id.layar.agent.hardware.ProblemSink sink = (key, text) -> {
                Node n = lineNode(node, key.startsWith(HardwareConfig.PREFIX + ".") ? key.substring(HardwareConfig.PREFIX.length() + 1) : key);
                if (n == null) {
                    n = at;
                }
                problems.add((n == null ? name : where(n)) + ": " + key + ": " + text);
            };
            HardwareConfig hw = HardwareConfig.fromMap(section, sink);
            if (hw == null) {
                return HardwareConfig.NONE;
            }
            if (width > 0 && height > 0) {
                hw.checkPanel(width, height, sink);
            }
            return hw;
        }

        /**
         * The {@code mqtt:} section, or null without one. The password comes from {@code password} or, better, from
         * {@code password-file} (one line, readable by the service only), not both.
         */
        private MqttSettings mqtt(Map<String, NodeTuple> m, Map<String, NodeTuple> top, String device) {
            if (m.isEmpty()) {
                return null;
            }
            String rule = "expected the broker URL, like mqtts://broker.example.go.id:8883 (TLS) or mqtt://127.0.0.1:1883";
            String urlText = scalar(m, "mqtt", "url", top.get("mqtt").getKeyNode(), true, rule);
            String user = scalar(m, "mqtt", "username", null, false, "expected the broker user name");
            if (user != null && device != null && !user.equals(device)) {
                // The broker's ACL lets a user write only beneath layar/devices/<user>/, and Mosquitto acknowledges a
                // denied publish like any other: under another name, state and proof of play would vanish unseen.
                problem(m.get("username").getValueNode(), "mqtt.username", "expected the device id '" + device + "' (the"
                        + " broker lets a device publish only beneath layar/devices/<its user name>/, so under another name"
                        + " its state and proof of play are dropped); found '" + user + "'. Leave the key out to use the"
                        + " device id, and create the broker user with that name (mosquitto_passwd)");
            }
            String password = scalar(m, "mqtt", "password", null, false, "expected the broker password");
            String passwordFile = scalar(m, "mqtt", "password-file", null, false, "expected the path of a file holding the"
                    + " broker password");
            Duration interval = optDuration(m, "mqtt", "state-interval", MqttSettings.DEFAULT_STATE_INTERVAL,
                    MqttSettings.MIN_STATE_INTERVAL, MqttSettings.MAX_STATE_INTERVAL);
            if (password != null && passwordFile != null) {
                problem(m.get("password-file").getKeyNode(), "mqtt.password-file", "give password or password-file, not both");
            } else if (passwordFile != null) {
                try {
                    Path f = folder.resolve(passwordFile).normalize();
                    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                    password = lines.isEmpty() ? "" : lines.get(0).strip();
                    if (password.isEmpty()) {
                        problem(m.get("password-file").getValueNode(), "mqtt.password-file", "the file " + f + " is empty;"
                                + " it should hold the password the broker admin set with mosquitto_passwd");
                    }
                } catch (IOException | InvalidPathException e) {
                    problem(m.get("password-file").getValueNode(), "mqtt.password-file", "cannot read '" + passwordFile
                            + "' (" + e.getMessage() + "); the service user (signage) must be able to read it");
                }
            }
            if (urlText == null) {
                return null;
            }
            try {
                return new MqttSettings(new URI(urlText.strip()), user, password, interval);
            } catch (URISyntaxException e) {
                problem(m.get("url").getValueNode(), "mqtt.url", rule + ", found '" + urlText + "' (" + e.getReason() + ")");
            } catch (IllegalArgumentException e) {
                problem(m.get("url").getValueNode(), "mqtt.url", e.getMessage());
            }
            return null;
        }

        /** The node of a dotted key below {@code section} (the deepest that exists), or null. */
        private static Node lineNode(Node section, String dotted) {
            Node n = section;
            Node found = null;
            for (String part : dotted.split("\\.")) {
                if (!(n instanceof MappingNode m)) {
                    break;
                }
                Node next = null;
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(part)) {
                        next = t.getValueNode();
                        found = t.getKeyNode();
                    }
                }
                if (next == null) {
                    break;
                }
                n = next;
            }
            return found;
        }

        /** A node tree as maps, lists and strings (scalars keep their source text; null stays null). */
        private static Object plain(Node n) {
            if (n instanceof MappingNode m) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (NodeTuple t : m.getValue()) {
                    String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
                    out.put(k, plain(t.getValueNode()));
                }
                return out;
            }
            if (n instanceof org.yaml.snakeyaml.nodes.SequenceNode q) {
                List<Object> out = new ArrayList<>();
                for (Node c : q.getValue()) {
                    out.add(plain(c));
                }
                return out;
            }
            return isNull(n) ? null : ((ScalarNode) n).getValue();
        }

        private long bytes(Map<String, NodeTuple> map, String section, String key, long dflt, long min, long max, String rule) {
            String v = scalar(map, section, key, null, false, rule);
            if (v == null) {
                return dflt;
            }
            Long n = parseSize(v);
            if (n == null || n < min || n > max) {
                problem(map.get(key).getValueNode(), section == null ? key : section + "." + key, rule + ", found '" + v + "'");
                return dflt;
            }
            return n;
        }

        private Duration optDuration(Map<String, NodeTuple> map, String section, String key, Duration dflt, Duration min, Duration max) {
            String rule = "expected a duration from " + text(min) + " to " + text(max) + " (like 20s or 2m)";
            String v = scalar(map, section, key, null, false, rule);
            if (v == null) {
                return dflt;
            }
            Duration d = parseDuration(v);
            if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problem(map.get(key).getValueNode(), section + "." + key, rule + ", found '" + v + "'");
                return dflt;
            }
            return d;
        }

        private static String text(Duration d) {
            long s = d.toSeconds();
            return s % 3600 == 0 && s > 0 ? s / 3600 + "h" : s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
        }

        private String where(Node n) {
            return name + ":" + (n.getStartMark().getLine() + 1);
        }

        private void problem(Node at, String key, String text) {
            problems.add(where(at) + ": " + key + ": " + text);
        }

        /** The entries of a mapping by key; duplicate and unknown keys are problems. */
        private Map<String, NodeTuple> mapping(Node node, String prefix, List<String> known) {
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            if (!(node instanceof MappingNode m)) {
                problems.add(where(node) + ": " + (prefix.isEmpty() ? "the file" : prefix) + ": expected a mapping of keys"
                        + " (" + String.join(", ", known) + "), found " + describe(node));
                return out;
            }
            Map<String, Node> firstSeen = new HashMap<>();
            for (NodeTuple t : m.getValue()) {
                Node k = t.getKeyNode();
                String key = k instanceof ScalarNode s ? s.getValue() : null;
                String full = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
                if (key == null) {
                    problems.add(where(k) + ": " + (prefix.isEmpty() ? "" : prefix + ": ") + "expected a plain key, found " + describe(k));
                } else if (firstSeen.containsKey(key)) {
                    problem(k, full, "appears twice (first on line " + (firstSeen.get(key).getStartMark().getLine() + 1)
                            + "); keep one");
                } else if (!known.contains(key)) {
                    firstSeen.put(key, k);
                    problem(k, full, "unknown key; expected one of " + String.join(", ", known)
                            + suggestion(key, known));
                } else {
                    firstSeen.put(key, k);
                    out.put(key, t);
                }
            }
            return out;
        }

        private Map<String, NodeTuple> section(Map<String, NodeTuple> top, String key, List<String> known, Node doc) {
            NodeTuple t = top.get(key);
            if (t == null) {
                return Map.of();
            }
            if (isNull(t.getValueNode())) {
                return Map.of();
            }
            return mapping(t.getValueNode(), key, known);
        }

        private String scalar(Map<String, NodeTuple> map, String section, String key, Node parent, boolean required, String rule) {
            String full = section == null ? key : section + "." + key;
            NodeTuple t = map.get(key);
            if (t == null || isNull(t.getValueNode())) {
                if (required) {
                    Node at = t != null ? t.getKeyNode() : parent;
                    problems.add((t != null ? where(at) : name) + ": " + full + ": " + rule + ", found nothing (the key is "
                            + (t == null ? "missing" : "empty") + ")");
                }
                return null;
            }
            Node v = t.getValueNode();
            if (!(v instanceof ScalarNode s)) {
                problem(v, full, rule + ", found " + describe(v));
                return null;
            }
            return s.getValue();
        }

        private String string(Map<String, NodeTuple> map, String key, Node doc, boolean required, String rule,
                              java.util.function.Predicate<String> ok) {
            String v = scalar(map, null, key, doc, required, rule);
            if (v != null && !ok.test(v)) {
                problem(map.get(key).getValueNode(), key, rule + ", found '" + v + "'");
                return null;
            }
            return v;
        }

        private String optString(Map<String, NodeTuple> map, String section, String key, String dflt, String rule,
                                 java.util.function.Predicate<String> ok) {
            String v = scalar(map, section, key, null, false, rule);
            if (v == null) {
                return dflt;
            }
            if (!ok.test(v)) {
                problem(map.get(key).getValueNode(), section == null ? key : section + "." + key, rule + ", found '" + v + "'");
                return dflt;
            }
            return v;
        }

        private int integer(Map<String, NodeTuple> map, String section, String key, Node doc, int min, int max, Integer dflt) {
            String rule = "expected a whole number from " + min + " to " + max;
            String v = scalar(map, section, key, doc, dflt == null, rule);
            if (v == null) {
                return dflt == null ? 0 : dflt;
            }
            if (v.matches("[0-9]{1,9}")) {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            }
            problem(map.get(key).getValueNode(), section + "." + key, rule + ", found '" + v + "'");
            return dflt == null ? 0 : dflt;
        }

        private URI uri(Map<String, NodeTuple> map, Node doc) {
            String rule = "expected the http or https base URL of the bundle (like https://cdn.example.go.id/layar/)";
            String v = scalar(map, null, "origin", doc, true, rule);
            if (v == null) {
                return null;
            }
            String problem;
            URI u = null;
            try {
                u = new URI(v);
                problem = checkOrigin(u);
            } catch (URISyntaxException e) {
                problem = "not a URL (" + e.getReason() + ")";
            }
            if (problem != null) {
                problem(map.get("origin").getValueNode(), "origin", rule + ", found '" + v + "': " + problem);
                return null;
            }
            return u;
        }

        private Path path(Map<String, NodeTuple> map, String key, Node doc, boolean mustExist) {
            String rule = mustExist ? "expected the path of the trusted root file installed at provisioning"
                    : "expected the path of the state folder (created if missing)";
            String v = scalar(map, null, key, doc, true, rule);
            if (v == null) {
                return null;
            }
            Path p;
            try {
                p = folder.resolve(v).normalize();
            } catch (InvalidPathException e) {
                problem(map.get(key).getValueNode(), key, rule + ", found '" + v + "' (" + e.getReason() + ")");
                return null;
            }
            if (mustExist && !Files.isRegularFile(p)) {
                problem(map.get(key).getValueNode(), key, rule + ", found '" + v + "', but there is no such file ("
                        + p + "); install root.json from the provisioning kit there");
                return null;
            }
            if (!mustExist && Files.exists(p) && !Files.isDirectory(p)) {
                problem(map.get(key).getValueNode(), key, rule + ", found '" + v + "', which is a file, not a folder");
                return null;
            }
            return p;
        }

        private Duration duration(Map<String, NodeTuple> map, Node doc) {
            String v = scalar(map, null, "poll", doc, false, POLL_RULE);
            if (v == null) {
                return Duration.ofSeconds(30);
            }
            Duration d = parseDuration(v);
            if (d == null || d.compareTo(MIN_POLL) < 0 || d.compareTo(MAX_POLL) > 0) {
                problem(map.get("poll").getValueNode(), "poll", POLL_RULE + ", found '" + v + "'");
                return Duration.ofSeconds(30);
            }
            return d;
        }
    }

    /** {@code 30s}, {@code 2m}, {@code 1h} or plain seconds; null when it is none of these. */
    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /**
     * {@code 4096}, {@code 4KiB}, {@code 500MiB}, {@code 2GiB} (powers of 1024) or {@code 2GB} (powers of 1000);
     * null when it is none of these or too large.
     */
    static Long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "k", "kib" -> 1L << 10;
            case "m", "mib" -> 1L << 20;
            case "g", "gib" -> 1L << 30;
            case "t", "tib" -> 1L << 40;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "tb" -> 1_000_000_000_000L;
            default -> 1;
        };
        if (n > Long.MAX_VALUE / factor) {
            return null;
        }
        return n * factor;
    }

    /** A size for people: {@code 523 bytes}, {@code 12.0 KiB}, {@code 300.5 MiB}, {@code 1.5 GiB}. */
    static String formatSize(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static String describe(Node n) {
        if (n instanceof ScalarNode s) {
            return "'" + s.getValue() + "'";
        }
        return n instanceof MappingNode ? "a mapping" : "a list";
    }

    private static String suggestion(String key, List<String> known) {
        for (String k : known) {
            if (k.equalsIgnoreCase(key) || (key.length() > 2 && (k.startsWith(key) || key.startsWith(k)))) {
                return " (did you mean '" + k + "'?)";
            }
        }
        return "";
    }

    private static String checkDevice(String device) {
        return device != null && DEVICE.matcher(device).matches() ? null : "must be lower-case letters, digits and '-' (1-40); found '" + device + "'";
    }

    private static String checkChannel(String channel) {
        return channel != null && Playlist.CHANNEL.matcher(channel).matches() ? null : "must be lower-case letters, digits and '-' (1-40); found '" + channel + "'";
    }

    private static String checkOrigin(URI u) {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "the scheme must be http or https";
        }
        if (u.getHost() == null) {
            return "it names no host";
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            return "a base URL has no ?query or #fragment";
        }
        if (u.getRawUserInfo() != null) {
            return "do not put credentials in the URL";
        }
        return null;
    }

    private static String checkRange(int v, int min, int max) {
        return v < min || v > max ? "must be " + min + ".." + max + "; found " + v : null;
    }

    /** A token is needed unless the API listens on the loopback only, and then it may still be set. */
    static String checkToken(String token, String host) {
        if (token == null) {
            return host == null || isLoopback(host) ? null : "needed when api.host (" + host + ") is reachable from"
                    + " the network; `sudo signage-agent provision` writes one, or set one made with `openssl rand -hex 16`";
        }
        return TOKEN.matcher(token).matches() ? null : "expected at least " + MIN_TOKEN_LENGTH + " characters of letters,"
                + " digits and ._~+/=- (like the output of `openssl rand -hex 16`); found " + token.length() + " characters";
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.equals("::1") || h.startsWith("127.");
    }

    private static String checkOutput(String output) {
        return output != null && OUTPUTS.contains(output) ? null : "must be one of " + OUTPUTS + "; found '" + output + "'";
    }

    private static URI withTrailingSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? u : URI.create(s + "/");
    }
}
