package id.layar.agent.ops;

import id.layar.agent.AgentConfig;
import id.layar.agent.ops.Finding.Severity;
import id.layar.playlist.BlobCheck;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.Json;
import id.layar.playlist.Rejection;
import id.layar.playlist.TrustedRoot;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks behind {@code signage-agent doctor}: each names what it found and the fix, and together they tell whether
 * the wall can play. Everything it reads from the OS comes through {@link Host}; it never writes anything.
 */
public final class Doctor {
    /** The groups that own the panel and sensor device nodes on Raspberry Pi OS. */
    static final List<String> DEVICE_GROUPS = List.of("video", "gpio", "spi", "i2c");
    /** The user the package's service runs as. */
    static final String SERVICE_USER = "signage";
    static final String SERVICE = "layar-agent.service";
    static final long LOW_SPACE = 256L * 1024 * 1024;
    static final Path DEFAULT_STATE = Path.of("/var/lib/layar");
    /** Raspberry Pi firmware's throttling flags (the same bits as {@code vcgencmd get_throttled}). */
    static final String THROTTLED = "devices/platform/soc/soc:firmware/get_throttled";

    private final Host host;
    private final OpsText t;
    private final Fetch fetch;
    private final Duration timeout;

    public Doctor(Host host, OpsText text, Duration timeout) {
        this.host = host;
        this.t = text;
        this.timeout = timeout;
        this.fetch = new Fetch(timeout);
    }

    /** A user as /etc/passwd and /etc/group describe them. */
    record Account(String name, int uid, Set<Integer> gids, Set<String> groups) {
        boolean isRoot() {
            return uid == 0;
        }
    }

    /** The config and its text (null when it could not be read or is invalid). */
    private record Loaded(AgentConfig config, String text) {
    }

    /** Runs every check. {@code user} is whose device access to judge; null picks the service user when run as root. */
    public List<Finding> examine(Path configFile, String user) {
        List<Finding> out = new ArrayList<>();
        Loaded loaded = config(configFile, out);
        AgentConfig cfg = loaded.config();
        Account account = account(user, out);
        Map<Integer, String> groupNames = groupNames();
        String output = cfg == null ? null : cfg.output();

        TrustedRoot root = cfg == null ? null : root(cfg, out);
        Long stored = cfg == null || root == null ? null : playlist(cfg, root, out);
        if (cfg != null) {
            origin(cfg, root, stored, out);
            agentApi(cfg, out);
        }
        service(out);
        clock(cfg, out);
        state(cfg, account, out);
        framebuffer(cfg, account, groupNames, out);
        if (account != null) {
            groups(account, out);
        }
        boolean spi = "spi".equals(output);
        device("gpio", host.dev().resolve("gpiochip0"), spi, "fix.enable.gpio", account, groupNames, out);
        device("spi", host.dev().resolve("spidev0.0"), spi, "fix.enable.spi", account, groupNames, out);
        device("i2c", host.dev().resolve("i2c-1"), false, "fix.enable.i2c", account, groupNames, out);
        power(out);
        broker(loaded.text(), out);
        return out;
    }

    private Finding ok(String check, String key, Object... args) {
        return new Finding(check, Severity.OK, t.get(key, args), null);
    }

    private Finding info(String check, String fix, String key, Object... args) {
        return new Finding(check, Severity.INFO, t.get(key, args), fix);
    }

    private Finding warn(String check, String fix, String key, Object... args) {
        return new Finding(check, Severity.WARN, t.get(key, args), fix);
    }

    private Finding fail(String check, String fix, String key, Object... args) {
        return new Finding(check, Severity.FAIL, t.get(key, args), fix);
    }

    // ---- config ----

    private Loaded config(Path file, List<Finding> out) {
        if (!Files.exists(file)) {
            out.add(fail("config", t.get("fix.config.missing"), "config.missing", file));
            return new Loaded(null, "");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (AccessDeniedException e) {
            out.add(fail("config", t.get("fix.sudo"), "config.unreadable", file));
            return new Loaded(null, "");
        } catch (IOException e) {
            out.add(fail("config", t.get("fix.config.invalid", file), "config.invalid", file, e.getMessage()));
            return new Loaded(null, "");
        }
        try {
            AgentConfig cfg = AgentConfig.load(file);
            out.add(ok("config", "config.ok", file, cfg.device(), cfg.channel(), cfg.output()));
            return new Loaded(cfg, text);
        } catch (AgentConfig.InvalidConfigException e) {
            out.add(fail("config", t.get("fix.config.invalid", file), "config.invalid", file, e.getMessage()));
            return new Loaded(null, text);
        }
    }

    // ---- users and groups ----

    private Account account(String requested, List<Finding> out) {
        String name = requested;
        if (name == null || name.isBlank()) {
            name = host.userName();
            if ("root".equals(name) && lookup(SERVICE_USER) != null) {
                // Root may open anything; what matters is whether the service's user may.
                name = SERVICE_USER;
            }
        }
        Account a = lookup(name);
        if (a == null) {
            out.add(warn("user", t.get(SERVICE_USER.equals(name) ? "fix.user.reinstall" : "fix.user.other"), "user.unknown", name));
        }
        return a;
    }

    Account lookup(String name) {
        Integer uid = null;
        Integer gid = null;
        for (String line : lines(host.etc().resolve("passwd"))) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && f[0].equals(name)) {
                try {
                    uid = Integer.parseInt(f[2]);
                    gid = Integer.parseInt(f[3]);
                } catch (NumberFormatException e) {
                    return null;
                }
                break;
            }
        }
        if (uid == null) {
            return null;
        }
        Set<Integer> gids = new HashSet<>();
        Set<String> groups = new HashSet<>();
        gids.add(gid);
        for (String line : lines(host.etc().resolve("group"))) {
            String[] f = line.split(":", -1);
            if (f.length < 4) {
                continue;
            }
            int g;
            try {
                g = Integer.parseInt(f[2]);
            } catch (NumberFormatException e) {
                continue;
            }
            boolean member = g == gid || List.of(f[3].split(",")).contains(name);
            if (member) {
                gids.add(g);
                groups.add(f[0]);
            }
        }
        return new Account(name, uid, gids, groups);
    }

    private Map<Integer, String> groupNames() {
        Map<Integer, String> names = new HashMap<>();
        for (String line : lines(host.etc().resolve("group"))) {
            String[] f = line.split(":", -1);
            if (f.length >= 3) {
                try {
                    names.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                } catch (NumberFormatException e) {
                    // Not a group line.
                }
            }
        }
        return names;
    }

    private void groups(Account a, List<Finding> out) {
        if (a.isRoot()) {
            out.add(info("groups", null, "groups.root"));
            return;
        }
        List<String> missing = DEVICE_GROUPS.stream().filter(g -> !a.groups().contains(g)).toList();
        if (missing.isEmpty()) {
            out.add(ok("groups", "groups.ok", a.name(), String.join(", ", DEVICE_GROUPS)));
        } else {
            out.add(warn("groups", t.get("fix.groups", String.join(",", missing), a.name()), "groups.missing", a.name(),
                    String.join(", ", missing)));
        }
    }

    private enum Access { MISSING, OK, DENIED, UNKNOWN }

    /** Whether {@code a} may read and write {@code p} (and enter it, for folders), judged from owner, group and mode. */
    private static Access access(Path p, Account a, boolean folder) {
        if (!Files.exists(p)) {
            return Access.MISSING;
        }
        if (a == null) {
            return Access.UNKNOWN;
        }
        if (a.isRoot()) {
            return Access.OK;
        }
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            int uid = (Integer) Files.getAttribute(p, "unix:uid");
            int gid = (Integer) Files.getAttribute(p, "unix:gid");
            int bits = uid == a.uid() ? (mode >> 6) & 7 : a.gids().contains(gid) ? (mode >> 3) & 7 : mode & 7;
            int need = folder ? 7 : 6;
            return (bits & need) == need ? Access.OK : Access.DENIED;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Access.UNKNOWN;
        }
    }

    private static int gidOf(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:gid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /**
     * The fix for a device node the user may not open: join the node's group; or, when the node belongs to root's group
     * or the user is in its group already (the mode leaves the group out), a udev rule giving it group access.
     */
    private String accessFix(Path node, Account a, Map<Integer, String> groupNames, String wantedGroup) {
        int gid = gidOf(node);
        String group = groupNames.get(gid);
        if (gid <= 0 || group == null || (a != null && a.gids().contains(gid))) {
            return t.get("fix.udev", node, wantedGroup);
        }
        return t.get("fix.groups", group, a == null ? SERVICE_USER : a.name());
    }

    // ---- hardware ----

    private void framebuffer(AgentConfig cfg, Account a, Map<Integer, String> groupNames, List<Finding> out) {
        boolean needed = cfg != null && "framebuffer".equals(cfg.output());
        Path node = host.dev().resolve("fb0");
        Path sys = host.sys().resolve("class/graphics/fb0");
        String size = firstLine(sys.resolve("virtual_size"));
        String bpp = firstLine(sys.resolve("bits_per_pixel"));
        String geometry = size == null ? "?" : size.replace(',', 'x') + (bpp == null ? "" : ", " + bpp + " bpp");
        Access access = access(node, a, false);
        String outputName = cfg == null ? t.get("output.unknown") : cfg.output();
        if (access == Access.MISSING) {
            out.add(needed ? fail("framebuffer", t.get("fix.fb.missing"), "fb.missing")
                    : info("framebuffer", null, "fb.absent.unused", outputName));
            return;
        }
        if (!needed) {
            out.add(info("framebuffer", null, "fb.present.unused", node, geometry, outputName));
            return;
        }
        if (access == Access.DENIED) {
            out.add(fail("framebuffer", accessFix(node, a, groupNames, "video"), "dev.denied", node, a.name()));
            return;
        }
        String panel = cfg.width() + "x" + cfg.height();
        if (size != null && !size.replace(',', 'x').equals(panel)) {
            out.add(warn("framebuffer", t.get("fix.fb.geometry", cfg.width(), cfg.height()), "fb.geometry", node, geometry, panel));
        } else if (bpp != null && !List.of("16", "24", "32").contains(bpp)) {
            out.add(warn("framebuffer", t.get("fix.fb.depth"), "fb.depth", node, bpp));
        } else {
            out.add(ok("framebuffer", "fb.ok", node, geometry));
        }
    }

    private void device(String check, Path node, boolean required, String enableFix, Account a, Map<Integer, String> groupNames,
                        List<Finding> out) {
        Access access = access(node, a, false);
        switch (access) {
            case MISSING -> out.add(required ? fail(check, t.get(enableFix), "dev.missing.required", node)
                    : info(check, t.get(enableFix), "dev.missing.optional", node));
            case DENIED -> out.add(required ? fail(check, accessFix(node, a, groupNames, check), "dev.denied", node, a.name())
                    : warn(check, accessFix(node, a, groupNames, check), "dev.denied", node, a.name()));
            case UNKNOWN -> out.add(info(check, null, "dev.unknown", node));
            default -> out.add(ok(check, "dev.ok", node, a.name()));
        }
    }

    private void power(List<Finding> out) {
        String v = firstLine(host.sys().resolve(THROTTLED));
        if (v == null) {
            return; // Not a Raspberry Pi (or old firmware): nothing to say.
        }
        long flags;
        try {
            flags = Long.parseLong(v.startsWith("0x") ? v.substring(2) : v, 16);
        } catch (NumberFormatException e) {
            return;
        }
        if ((flags & 0x1) != 0) {
            out.add(warn("power", t.get("fix.power"), "power.undervoltage.now", v));
        } else if ((flags & 0x10000) != 0) {
            out.add(warn("power", t.get("fix.power"), "power.undervoltage.past", v));
        } else if ((flags & 0xE000E) != 0) {
            out.add(warn("power", t.get("fix.heat"), "power.throttled", v));
        } else {
            out.add(ok("power", "power.ok"));
        }
    }

    // ---- time, disk ----

    private void clock(AgentConfig cfg, List<Finding> out) {
        Instant now = host.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Optional<String> ntp = host.commands().run(List.of("timedatectl", "show", "-p", "NTPSynchronized", "--value"),
                Duration.ofSeconds(5));
        Boolean synced = ntp.map("yes"::equalsIgnoreCase).orElse(null);
        if (synced == null) {
            synced = Files.exists(host.run().resolve("systemd/timesync/synchronized")) ? Boolean.TRUE : null;
        }
        Instant floor = cfg == null ? null : trustFloor(cfg.state());
        if (floor != null && now.isBefore(floor.minus(Duration.ofMinutes(1)))) {
            out.add(warn("clock", t.get("fix.clock"), "clock.behind", now, floor));
        } else if (synced == null) {
            out.add(warn("clock", t.get("fix.clock"), "clock.unknown", now));
        } else if (!synced) {
            out.add(warn("clock", t.get("fix.clock"), "clock.unsynced", now));
        } else {
            out.add(ok("clock", "clock.ok", now));
        }
    }

    private static Instant trustFloor(Path state) {
        try {
            var o = Json.parseObject(Files.readAllBytes(state.resolve("trust.json")));
            return o.path("floor").isTextual() ? Instant.parse(o.get("floor").asText()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void state(AgentConfig cfg, Account a, List<Finding> out) {
        Path dir = cfg != null ? cfg.state() : host.root().resolve("var/lib/layar");
        String owner = a == null || a.isRoot() ? SERVICE_USER : a.name();
        switch (access(dir, a, true)) {
            case MISSING -> out.add(warn("state", t.get("fix.state.create", dir, owner), "state.missing", dir));
            case DENIED -> out.add(fail("state", t.get("fix.state.owner", dir, owner), "state.denied", dir, owner));
            default -> {
                // Writable, or cannot be judged: the agent itself says more at start.
            }
        }
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        long free = existing == null ? -1 : host.usableSpace().applyAsLong(existing);
        if (free < 0) {
            out.add(info("disk", null, "disk.unknown", dir));
        } else if (free < LOW_SPACE) {
            out.add(warn("disk", t.get("fix.disk", dir), "disk.low", dir, mib(free)));
        } else {
            out.add(ok("disk", "disk.ok", dir, mib(free)));
        }
    }

    private static String mib(long bytes) {
        return bytes >= 10L * 1024 * 1024 * 1024 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }

    // ---- trust and content ----

    private TrustedRoot root(AgentConfig cfg, List<Finding> out) {
        TrustedRoot provisioned;
        try {
            provisioned = TrustedRoot.load(Files.readAllBytes(cfg.root()));
        } catch (NoSuchFileException e) {
            out.add(fail("root", t.get("fix.provision"), "root.missing", cfg.root()));
            return null;
        } catch (IOException e) {
            out.add(fail("root", t.get("fix.sudo"), "root.unreadable", cfg.root(), e.getMessage()));
            return null;
        } catch (Rejection r) {
            out.add(fail("root", t.get("fix.provision"), "root.invalid", cfg.root(), r.describe()));
            return null;
        }
        // The agent trusts a root accepted by rotation when its version is higher (StateStore.chooseRoot).
        try {
            TrustedRoot rotated = TrustedRoot.load(Files.readAllBytes(cfg.state().resolve("root.json")));
            if (rotated.root().version() > provisioned.root().version()) {
                return rotated;
            }
        } catch (IOException | Rejection e) {
            // None, or damaged: the agent falls back to the provisioned root and says so in its log.
        }
        return provisioned;
    }

    /** Checks the accepted playlist and its blobs as the agent would at boot; returns its version, or null. */
    private Long playlist(AgentConfig cfg, TrustedRoot root, List<Finding> out) {
        Path file = cfg.state().resolve("playlist.json");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            out.add(fail("playlist", t.get("fix.playlist.none"), "playlist.none", file));
            return null;
        } catch (IOException e) {
            out.add(warn("playlist", t.get("fix.sudo"), "playlist.unreadable", file, e.getMessage()));
            return null;
        }
        TrustedRoot.Verified v;
        try {
            v = root.verifyStored(bytes, cfg.channel());
        } catch (Rejection r) {
            out.add(fail("playlist", t.get("fix.playlist.refused"), "playlist.refused", file, r.describe()));
            return null;
        }
        Map<String, BlobRef> blobs = new LinkedHashMap<>();
        for (Item i : v.playlist().items()) {
            blobs.putIfAbsent(i.blob().sha256(), i.blob());
        }
        List<String> bad = new ArrayList<>();
        for (BlobRef b : blobs.values()) {
            String problem = checkBlob(cfg.state().resolve(b.relativePath()), b);
            if (problem != null) {
                bad.add(problem);
            }
        }
        long version = v.playlist().version();
        if (!bad.isEmpty()) {
            out.add(fail("playlist", t.get("fix.playlist.blobs"), "playlist.blobs", version, bad.size(), blobs.size(),
                    String.join("; ", bad.subList(0, Math.min(3, bad.size())))));
            return version;
        }
        Instant now = host.clock().instant();
        if (!now.isBefore(v.playlist().expires())) {
            boolean blank = cfg.expired() == AgentConfig.ExpiredPolicy.BLANK;
            out.add(blank ? fail("playlist", t.get("fix.playlist.expired"), "playlist.expired.blank", version, v.playlist().expires())
                    : warn("playlist", t.get("fix.playlist.expired"), "playlist.expired.keep", version, v.playlist().expires()));
            return version;
        }
        out.add(ok("playlist", "playlist.ok", version, v.playlist().items().size(), blobs.size(), v.playlist().expires()));
        return version;
    }

    private static String checkBlob(Path f, BlobRef b) {
        try (InputStream in = Files.newInputStream(f)) {
            BlobCheck c = new BlobCheck(b);
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                c.update(buf, 0, n);
            }
            c.finish();
            return null;
        } catch (NoSuchFileException e) {
            return b.sha256().substring(0, 12) + "… missing";
        } catch (IOException e) {
            return b.sha256().substring(0, 12) + "… unreadable (" + e.getMessage() + ")";
        } catch (Rejection r) {
            return b.sha256().substring(0, 12) + "… " + r.reason().wireName();
        }
    }

    // ---- network ----

    private void origin(AgentConfig cfg, TrustedRoot root, Long storedVersion, List<Finding> out) {
        URI url = cfg.playlistUrl();
        Fetch.Response r;
        try {
            r = fetch.get(url, Fetch.MAX_DOCUMENT);
        } catch (IOException e) {
            out.add(warn("origin", t.get("fix.origin.unreachable", cfg.origin()), "origin.unreachable", url, Fetch.reason(e)));
            return;
        }
        if (r.status() == 404) {
            out.add(warn("origin", t.get("fix.origin.404", cfg.channel()), "origin.404", url));
            return;
        }
        if (r.status() != 200) {
            out.add(warn("origin", t.get("fix.origin.unreachable", cfg.origin()), "origin.status", url, r.status()));
            return;
        }
        if (root == null) {
            out.add(info("origin", null, "origin.unverified", url));
            return;
        }
        TrustedRoot trusted = root;
        for (int step = 0; step < ProvisionCommand.MAX_ROTATIONS; step++) {
            try {
                Fetch.Response next = fetch.get(cfg.origin().resolve("roots/" + (trusted.root().version() + 1) + ".json"), Fetch.MAX_DOCUMENT);
                if (next.status() != 200) {
                    break;
                }
                trusted = trusted.rotate(next.body(), host.clock().instant());
            } catch (IOException | Rejection e) {
                break;
            }
        }
        try {
            TrustedRoot.Verified v = trusted.verifyPlaylist(r.body(), cfg.channel(), 0, host.clock().instant());
            long version = v.playlist().version();
            if (storedVersion != null && version < storedVersion) {
                out.add(warn("origin", t.get("fix.origin.older"), "origin.older", url, version, storedVersion));
            } else {
                out.add(ok("origin", "origin.ok", url, version));
            }
        } catch (Rejection e) {
            out.add(warn("origin", t.get("fix.origin.refused"), "origin.refused", url, e.describe()));
        }
    }

    private void agentApi(AgentConfig cfg, List<Finding> out) {
        if (cfg.apiPort() == 0) {
            out.add(info("agent", null, "api.anyPort"));
            return;
        }
        URI url = cfg.localApiUrl("/status");
        try {
            Fetch.Response r = fetch.get(url, 1024 * 1024, cfg.apiToken());
            if (r.status() != 200) {
                out.add(warn("agent", t.get("fix.api.down"), "api.status", url, r.status()));
                return;
            }
            JsonObject s = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
            JsonObject playing = s.getJsonObject("playing");
            String problem = s.getString("problem");
            if (problem != null && !problem.isBlank()) {
                out.add(warn("agent", t.get("fix.api.problem"), "api.problem", url, s.getValue("version"), problem));
            } else {
                out.add(ok("agent", "api.ok", url, s.getValue("version"), playing == null ? "-" : playing.getString("id")));
            }
        } catch (IOException | RuntimeException e) {
            out.add(warn("agent", t.get("fix.api.down"), "api.down", url,
                    e instanceof IOException io ? Fetch.reason(io) : e.getMessage()));
        }
    }

    /**
     * Whether the package's service starts at boot: a wall that plays now but was never enabled stays dark after the
     * next power cut. Judged from the enablement link, so it works in a fake tree and without a running systemd.
     */
    private void service(List<Finding> out) {
        boolean installed = Files.exists(host.root().resolve("lib/systemd/system/" + SERVICE))
                || Files.exists(host.root().resolve("usr/lib/systemd/system/" + SERVICE));
        if (!installed) {
            return; // Not installed from the package (a laptop, a test): nothing to say.
        }
        Path wants = host.etc().resolve("systemd/system/multi-user.target.wants/" + SERVICE);
        if (Files.exists(wants, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            out.add(ok("service", "service.enabled"));
        } else {
            out.add(warn("service", t.get("fix.service.enable"), "service.disabled"));
        }
    }

    private void broker(String configText, List<Finding> out) {
        ConfigText.BrokerRef ref = ConfigText.brokerIn(configText);
        if (ref == null) {
            out.add(info("broker", null, "broker.none"));
            return;
        }
        URI u = ref.url();
        int port = u.getPort() > 0 ? u.getPort()
                : "mqtts".equalsIgnoreCase(u.getScheme()) || "ssl".equalsIgnoreCase(u.getScheme()) ? 8883 : 1883;
        String where = u.getHost() + ":" + port;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), port), (int) timeout.toMillis());
            out.add(ok("broker", ref.active() ? "broker.ok" : "broker.ok.placeholder", where));
        } catch (IOException e) {
            String why = e instanceof java.net.UnknownHostException ? "unknown host"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            out.add(warn("broker", t.get("fix.broker", where), "broker.unreachable", where, why));
        }
    }

    // ---- files ----

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String firstLine(Path f) {
        try {
            List<String> l = Files.readAllLines(f, StandardCharsets.UTF_8);
            return l.isEmpty() ? null : l.get(0).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
