package id.layar.agent.ops;

import id.layar.agent.AgentConfig;
import id.layar.agent.AtomicFiles;
import id.layar.playlist.Playlist;
import id.layar.playlist.Rejection;
import id.layar.playlist.TrustedRoot;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code signage-agent provision}: sets up a controller. It asks for (or takes as flags) the origin, channel, device id,
 * trusted root, panel output and broker; shows the root's fingerprint for the technician to compare with the one staff
 * gave; pulls the channel's playlist and verifies it with that root; and only then writes root.json and agent.yaml
 * (atomically). When the pull or the verification fails, it says why and writes nothing.
 */
@Command(name = "provision", sortOptions = false,
        description = {"Set up this controller: origin, channel, device id, trusted root, panel, broker.",
            "Pulls and verifies the channel's playlist before it writes anything; asks for what the flags leave out."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written (or verified, with --dry-run)", "2:wrong usage", "3:missing or invalid input; nothing written",
            "5:refused: fingerprint not confirmed, invalid root, or the playlist failed verification; nothing written",
            "6:the origin or a file could not be read, or the config could not be written"})
public final class ProvisionCommand implements Callable<Integer> {
    /** Written, or verified with --dry-run. */
    public static final int EXIT_OK = 0;
    /** Missing or invalid input (same value as the agent's config error). */
    public static final int EXIT_INPUT = 3;
    /** Refused by a trust check: fingerprint, root or playlist (same value as the agent's "rejected"). */
    public static final int EXIT_REJECTED = 5;
    /** Transport or file failure: the origin is unreachable, a file unreadable or unwritable (the agent's "failed"). */
    public static final int EXIT_FAILED = 6;

    static final String SERVICE_GROUP = "signage";
    private static final Pattern POLL = Pattern.compile("([0-9]{1,7})\\s*(s|m|h)?");
    /** A bundle has at most this many root rotations to walk; more means something is wrong. */
    static final int MAX_ROTATIONS = 32;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "/etc/layar/agent.yaml",
            description = "where to write the config; root.json goes beside it (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--origin", paramLabel = "URL", description = "base URL of the bundle, like https://signage.example.go.id/")
    String origin;

    @Option(names = "--channel", paramLabel = "CH", description = "the channel this wall plays, like simpang-lima")
    String channel;

    @Option(names = "--device", paramLabel = "ID", description = "this controller's id, like simpang-lima-01 (default: the host name)")
    String device;

    @Option(names = "--root", paramLabel = "FILE|URL", description = "the trusted root.json from staff: a file (USB stick) or a URL")
    String root;

    @Option(names = "--fingerprint", paramLabel = "HEX", description = "the root fingerprint staff gave, to compare automatically"
            + " (groups of 4, like \"0897 354f ...\")")
    String fingerprint;

    @Option(names = {"-y", "--yes"}, description = "do not ask: fail on anything missing; a root from a URL then needs --fingerprint")
    boolean yes;

    @Option(names = "--output", paramLabel = "virtual|framebuffer|spi", description = "the panel output (default: virtual)")
    String output;

    @Option(names = "--width", paramLabel = "PX", description = "panel width (default: the playlist's)")
    Integer width;

    @Option(names = "--height", paramLabel = "PX", description = "panel height (default: the playlist's)")
    Integer height;

    @Option(names = "--fps", paramLabel = "N", description = "frames per second (default: the playlist's)")
    Integer fps;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "/var/lib/layar", description = "state folder (default: ${DEFAULT-VALUE})")
    Path state;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "30s", description = "how often to look for a new playlist (default: ${DEFAULT-VALUE})")
    String poll;

    @Option(names = "--api-host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "technician page address; 0.0.0.0 opens it to the LAN (default: ${DEFAULT-VALUE})")
    String apiHost;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "8081", description = "technician page port (default: ${DEFAULT-VALUE})")
    int apiPort;

    @Option(names = "--broker", paramLabel = "URL", description = "MQTT broker, like mqtts://broker.example.go.id:8883 (optional)")
    String broker;

    @Option(names = "--broker-password-file", paramLabel = "FILE", description = "a file holding the broker password"
            + " (never put a password on the command line: it shows in the process list and shell history)")
    Path brokerPasswordFile;

    @Option(names = "--dry-run", description = "check everything and show the config, but write nothing")
    boolean dryRun;

    @Option(names = "--lang", paramLabel = "en|id", description = "language of the messages (default: from LANG)")
    String lang;

    @Option(names = "--stacktrace", description = "print stack traces of unexpected errors")
    boolean stacktrace;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Tests replace these: the clock playlists are judged by, the answers to the questions, the host name. */
    Clock clock = Clock.systemUTC();
    BufferedReader input;
    String hostName;
    Duration timeout = Duration.ofSeconds(20);

    private OpsText text;
    private PrintWriter out;

    /** Runs provision as its own program (before the command is registered in the agent's Main). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ProvisionCommand()).execute(args));
    }

    /** A refusal or failure with its exit code; the message is already in the technician's language. */
    static final class Stop extends Exception {
        final int code;

        Stop(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        text = OpsText.forLang(lang);
        try {
            return provision();
        } catch (Stop s) {
            err.println(s.getMessage());
            if (s.code != EXIT_OK && !dryRun) {
                err.println(text.get("provision.nothingWritten"));
            }
            return s.code;
        } catch (RuntimeException e) {
            err.println(text.get("provision.unexpected", e));
            if (stacktrace) {
                e.printStackTrace(err);
            }
            return EXIT_FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int provision() throws Stop {
        Instant now = clock.instant();
        Fetch fetch = new Fetch(timeout);

        URI base = parseOrigin(ask(origin, "--origin", "provision.ask.origin", null));
        String ch = ask(channel, "--channel", "provision.ask.channel", null);
        if (!Playlist.CHANNEL.matcher(ch).matches()) {
            throw new Stop(EXIT_INPUT, text.get("provision.bad.channel", ch));
        }
        String id = ask(device, "--device", "provision.ask.device", defaultDevice());
        if (!AgentConfig.DEVICE.matcher(id).matches()) {
            throw new Stop(EXIT_INPUT, text.get("provision.bad.device", id));
        }

        // 1. The trusted root, and the technician's word that it is the one staff gave.
        String rootSpec = ask(root, "--root", "provision.ask.root", base.resolve("root.json").toString());
        boolean rootFromUrl = rootSpec.startsWith("http://") || rootSpec.startsWith("https://");
        byte[] rootBytes = rootFromUrl ? fetchRoot(fetch, rootSpec) : readRoot(rootSpec);
        TrustedRoot trusted;
        try {
            trusted = TrustedRoot.load(rootBytes);
        } catch (Rejection r) {
            throw new Stop(EXIT_REJECTED, text.get("provision.root.invalid", rootSpec, r.describe()));
        }
        String fp = Fingerprint.of(rootBytes);
        out.println(text.get("provision.root.shown", rootSpec, trusted.root().version(), trusted.root().expires()));
        out.println("  " + fp);
        confirmFingerprint(fp, rootFromUrl);

        String panelOutput = ask(output, "--output", "provision.ask.output", AgentConfig.OUTPUT_VIRTUAL).toLowerCase(Locale.ROOT);
        if (!AgentConfig.OUTPUTS.contains(panelOutput)) {
            boolean known = panelOutput.equals("framebuffer") || panelOutput.equals("spi");
            throw new Stop(EXIT_INPUT, text.get(known ? "provision.output.notYet" : "provision.bad.output", panelOutput,
                    String.join(", ", new TreeSet<>(AgentConfig.OUTPUTS))));
        }
        ConfigText.Broker mqtt = brokerSettings(id);
        String pollText = checkPoll(poll);

        // 2. Pull and verify, exactly as the agent will: walk root rotations, then the playlist.
        for (int step = 0; step < MAX_ROTATIONS; step++) {
            URI next = base.resolve("roots/" + (trusted.root().version() + 1) + ".json");
            Fetch.Response r = get(fetch, next);
            if (r.status() != 200) {
                break;
            }
            try {
                trusted = trusted.rotate(r.body(), now);
                out.println(text.get("provision.root.rotated", next, trusted.root().version()));
            } catch (Rejection e) {
                throw new Stop(EXIT_REJECTED, text.get("provision.rotation.refused", next, e.describe()));
            }
        }
        URI playlistUrl = base.resolve("channels/" + ch + "/playlist.json");
        out.println(text.get("provision.pulling", playlistUrl));
        Fetch.Response r = get(fetch, playlistUrl);
        if (r.status() == 404) {
            throw new Stop(EXIT_FAILED, text.get("provision.pull.404", playlistUrl, ch));
        }
        if (r.status() != 200) {
            throw new Stop(EXIT_FAILED, text.get("provision.pull.status", playlistUrl, r.status()));
        }
        TrustedRoot.Verified verified;
        try {
            verified = trusted.verifyPlaylist(r.body(), ch, 0, now);
        } catch (Rejection e) {
            throw new Stop(EXIT_REJECTED, text.get("provision.pull.refused", playlistUrl, e.describe()));
        }
        Playlist p = verified.playlist();
        out.println(text.get("provision.pull.ok", ch, p.version(), p.items().size(), p.issued(), p.expires()));
        if (p.issued().isAfter(now.plus(Duration.ofHours(1)))) {
            out.println(text.get("provision.clock.behind", now, p.issued()));
        }

        // 3. The config, checked by the agent's own rules before anything is written.
        int w = width != null ? width : p.panel().width();
        int h = height != null ? height : p.panel().height();
        int f = fps != null ? fps : p.panel().fps();
        if (w != p.panel().width() || h != p.panel().height()) {
            out.println(text.get("provision.panel.differs", w, h, p.panel().width(), p.panel().height()));
        }
        Path configFile = config.toAbsolutePath().normalize();
        Path rootFile = configFile.resolveSibling("root.json");
        String token = apiToken(configFile);
        Path stateDir = state.toAbsolutePath().normalize();
        try {
            new AgentConfig(id, ch, base, rootFile, stateDir, parsePoll(pollText), w, h, f, panelOutput, apiHost, apiPort)
                    .withApiToken(token);
        } catch (IllegalArgumentException e) {
            throw new Stop(EXIT_INPUT, text.get("provision.bad.config", e.getMessage()));
        }
        String yaml = ConfigText.render(new ConfigText.Settings(id, ch, base, "root.json", fp, stateDir, pollText, w, h, f,
                panelOutput, apiHost, apiPort, token, mqtt, now));
        if (!stateDir.equals(Path.of("/var/lib/layar"))) {
            out.println(text.get("provision.state.notDefault", stateDir));
        }
        if (dryRun) {
            out.println(text.get("provision.dryRun", configFile));
            out.print(ConfigText.render(new ConfigText.Settings(id, ch, base, "root.json", fp, stateDir, pollText, w, h, f,
                    panelOutput, apiHost, apiPort, "********", mqtt == null ? null : new ConfigText.Broker(mqtt.url(), mqtt.username(),
                    mqtt.password() == null ? null : "********"), now)));
            return EXIT_OK;
        }

        // 4. Write: the root first (the config names it), each atomically; secrets readable by the service only.
        boolean existed = Files.exists(configFile);
        try {
            AtomicFiles.write(rootFile, rootBytes);
            setMode(rootFile, "rw-r--r--", false);
            AtomicFiles.write(configFile, yaml.getBytes(StandardCharsets.UTF_8));
            setMode(configFile, "rw-r-----", true);
        } catch (IOException e) {
            throw new Stop(EXIT_FAILED, text.get("provision.write.failed", configFile, e.getMessage()));
        }
        try {
            AgentConfig.load(configFile);
        } catch (AgentConfig.InvalidConfigException e) {
            throw new Stop(EXIT_FAILED, text.get("provision.written.invalid", e.getMessage()));
        }

        out.println(text.get(existed ? "provision.written.replaced" : "provision.written", configFile, rootFile));
        out.println(text.get("provision.summary", id, ch, base, w, h, f, panelOutput));
        out.println(text.get("provision.summary.api", hostForUrl(apiHost), apiPort));
        out.println(text.get("provision.summary.token", token));
        out.println(mqtt == null ? text.get("provision.summary.noBroker") : text.get("provision.summary.broker", mqtt.url(), mqtt.username()));
        out.println(text.get("provision.next"));
        return EXIT_OK;
    }

    /**
     * The technician API's token: the one the existing config has (bookmarks keep working after a re-provision), else
     * 128 random bits in hex.
     */
    static String apiToken(Path configFile) {
        if (Files.isRegularFile(configFile)) {
            try {
                String existing = AgentConfig.load(configFile).apiToken();
                if (existing != null) {
                    return existing;
                }
            } catch (AgentConfig.InvalidConfigException e) {
                // An old or broken config: a new token.
            }
        }
        byte[] b = new byte[16];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    // ---- questions ----

    /** The flag's value, else the technician's answer (with a default), else a Stop naming the flag. */
    private String ask(String given, String flag, String questionKey, String dflt) throws Stop {
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        if (yes) {
            if (dflt != null) {
                return dflt;
            }
            throw new Stop(EXIT_INPUT, text.get("provision.missing", flag));
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            String answer = readLine(text.get(questionKey) + (dflt == null ? "" : " [" + dflt + "]") + ": ");
            if (answer == null) {
                throw new Stop(EXIT_INPUT, text.get("provision.noAnswer", flag));
            }
            answer = answer.trim();
            if (!answer.isEmpty()) {
                return answer;
            }
            if (dflt != null) {
                return dflt;
            }
        }
        throw new Stop(EXIT_INPUT, text.get("provision.noAnswer", flag));
    }

    private String readLine(String prompt) throws Stop {
        out.print(prompt);
        out.flush();
        String line;
        try {
            line = reader().readLine();
        } catch (IOException e) {
            line = null;
        }
        if (line == null) {
            out.println(); // No answer (end of input): end the prompt's line before the message.
            out.flush();
        }
        return line;
    }

    private BufferedReader reader() {
        if (input == null) {
            input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        return input;
    }

    private void confirmFingerprint(String fp, boolean rootFromUrl) throws Stop {
        if (fingerprint != null) {
            if (!Fingerprint.same(fingerprint, fp)) {
                throw new Stop(EXIT_REJECTED, text.get("provision.fingerprint.mismatch", fingerprint.trim(), fp));
            }
            out.println(text.get("provision.fingerprint.matches"));
            return;
        }
        if (yes) {
            if (rootFromUrl) {
                // Anyone who controls the origin could serve their own root: only the fingerprint ties it to the office.
                throw new Stop(EXIT_INPUT, text.get("provision.fingerprint.neededForUrl"));
            }
            out.println(text.get("provision.fingerprint.notCompared"));
            return;
        }
        String answer = readLine(text.get("provision.fingerprint.ask") + " [y/N]: ");
        String a = answer == null ? "" : answer.trim().toLowerCase(Locale.ROOT);
        if (!(a.equals("y") || a.equals("yes") || a.equals("ya") || a.equals("iya"))) {
            throw new Stop(EXIT_REJECTED, text.get("provision.fingerprint.notConfirmed"));
        }
    }

    private ConfigText.Broker brokerSettings(String id) throws Stop {
        String url = broker;
        if ((url == null || url.isBlank()) && !yes) {
            url = readLine(text.get("provision.ask.broker") + ": ");
        }
        if (url == null || url.isBlank()) {
            return null;
        }
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new Stop(EXIT_INPUT, text.get("provision.bad.broker", url));
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("mqtt") || scheme.equals("mqtts")) || u.getHost() == null || u.getRawUserInfo() != null) {
            throw new Stop(EXIT_INPUT, text.get("provision.bad.broker", url));
        }
        String password;
        if (brokerPasswordFile != null) {
            try {
                password = Files.readString(brokerPasswordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new Stop(EXIT_FAILED, text.get("provision.read.failed", brokerPasswordFile, e.getMessage()));
            }
        } else if (yes) {
            throw new Stop(EXIT_INPUT, text.get("provision.missing", "--broker-password-file"));
        } else {
            Console console = input == null ? System.console() : null;
            if (console != null) {
                char[] pw = console.readPassword("%s: ", text.get("provision.ask.brokerPassword"));
                password = pw == null ? null : new String(pw);
            } else {
                password = readLine(text.get("provision.ask.brokerPassword") + ": ");
            }
            if (password == null || password.isEmpty()) {
                throw new Stop(EXIT_INPUT, text.get("provision.noAnswer", "--broker-password-file"));
            }
        }
        // The broker user is the device id: the broker's ACL lets a user publish only beneath layar/devices/<user>/.
        return new ConfigText.Broker(u, id, password);
    }

    // ---- checks and I/O ----

    private URI parseOrigin(String s) throws Stop {
        URI u;
        try {
            u = new URI(s.endsWith("/") ? s : s + "/");
        } catch (URISyntaxException e) {
            throw new Stop(EXIT_INPUT, text.get("provision.bad.origin", s, e.getReason()));
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawQuery() != null
                || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw new Stop(EXIT_INPUT, text.get("provision.bad.origin", s, "http(s)://host/path/"));
        }
        return u;
    }

    private static String checkPollText(String s) {
        Matcher m = POLL.matcher(s.trim().toLowerCase(Locale.ROOT));
        return m.matches() ? s.trim().toLowerCase(Locale.ROOT).replace(" ", "") : null;
    }

    private String checkPoll(String s) throws Stop {
        String p = checkPollText(s);
        Duration d = p == null ? null : parsePoll(p);
        if (d == null || d.compareTo(AgentConfig.MIN_POLL) < 0 || d.compareTo(AgentConfig.MAX_POLL) > 0) {
            throw new Stop(EXIT_INPUT, text.get("provision.bad.poll", s));
        }
        return p;
    }

    private static Duration parsePoll(String p) {
        Matcher m = POLL.matcher(p);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private Fetch.Response get(Fetch fetch, URI uri) throws Stop {
        try {
            return fetch.get(uri, Fetch.MAX_DOCUMENT);
        } catch (IOException e) {
            throw new Stop(EXIT_FAILED, text.get("provision.pull.unreachable", uri, Fetch.reason(e)));
        }
    }

    private byte[] fetchRoot(Fetch fetch, String url) throws Stop {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new Stop(EXIT_INPUT, text.get("provision.bad.origin", url, e.getReason()));
        }
        Fetch.Response r = get(fetch, u);
        if (r.status() != 200) {
            throw new Stop(EXIT_FAILED, text.get("provision.pull.status", u, r.status()));
        }
        return r.body();
    }

    private byte[] readRoot(String file) throws Stop {
        Path p = Path.of(file);
        try {
            if (Files.size(p) > Fetch.MAX_DOCUMENT) {
                throw new Stop(EXIT_REJECTED, text.get("provision.root.invalid", file, "larger than 4 MiB"));
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new Stop(EXIT_INPUT, text.get("provision.root.missing", file));
        } catch (IOException e) {
            throw new Stop(EXIT_FAILED, text.get("provision.read.failed", file, e.getMessage()));
        }
    }

    private String defaultDevice() {
        String h = hostName;
        if (h == null) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return null;
            }
        }
        h = h.toLowerCase(Locale.ROOT);
        int dot = h.indexOf('.');
        if (dot > 0) {
            h = h.substring(0, dot);
        }
        return AgentConfig.DEVICE.matcher(h).matches() ? h : null;
    }

    /**
     * Sets POSIX permissions; with {@code serviceGroup}, also hands the file to the service's group when it exists and
     * this process may (root), so the agent can read its config and nobody else can.
     */
    private static void setMode(Path file, String perms, boolean serviceGroup) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        view.setPermissions(PosixFilePermissions.fromString(perms));
        if (serviceGroup) {
            try {
                GroupPrincipal g = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(SERVICE_GROUP);
                view.setGroup(g);
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // No signage group (not installed from the package) or not root: the owner keeps it to themself.
            }
        }
    }

    private static String hostForUrl(String host) {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "<this-device>" : host;
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }
}
