package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Panel;
import id.layar.playlist.Playlist;
import id.layar.playlist.Priority;
import id.layar.playlist.Rules;
import id.layar.playlist.TrustedRoot;
import id.layar.playlist.testing.TestKeys;
import id.layar.render.Frame;
import id.layar.render.Png;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-cut harness: the real agent process ({@code java -cp <test classpath> id.layar.agent.Main run}) syncs
 * a large multi-blob bundle from an origin in this JVM and is SIGKILLed at random moments (during downloads, during
 * install and commit, and while idle), alternating between bundle versions whose blob sets rotate through a quota
 * that forces eviction. After every restart, via the state folder and via GET /status of the restarted process:
 * the stored playlist is complete and verifies (old or new version), every blob it names is present and verifies,
 * tmp/ was emptied at boot, no temp file is left beside the state files, and every file in blobs/ is named by its
 * SHA-256.
 *
 * <p>Runs in {@code mvn verify} (the integration-test phase), not in {@code mvn test}. System properties:
 * {@code powercut.cuts} (default 200), {@code powercut.seed} (default fixed; printed so a failure can be replayed),
 * {@code powercut.blobs} (per version, default 24), {@code powercut.panel} (default 960x720, which makes blobs of
 * 0.3-1.9 MB; 1200x900 makes 0.5-3 MB), {@code powercut.verbose} (a line per cut).
 *
 * <p>SIGKILL ends the process at any instruction but does not drop the kernel's page cache, so this proves the
 * agent's ordering of writes, renames and cleanup across crashes; the fsyncs that make the same ordering hold across a
 * real loss of power are argued in docs/reliability.md, not proven here.
 */
@EnabledIfSystemProperty(named = "powercut.run", matches = "true")
class PowerCutTest {
    private static final int CUTS = Integer.getInteger("powercut.cuts", 200);
    private static final long SEED = Long.getLong("powercut.seed", 20261125L);
    private static final int BLOBS = Integer.getInteger("powercut.blobs", 24);
    private static final int SETS = 3;
    /** The panel; blobs are PNG stills of this size with noise in 15-92% of the rows (at 960x720: 0.3-1.9 MB each). */
    private static final int W = Integer.parseInt(System.getProperty("powercut.panel", "960x720").split("x")[0]);
    private static final int H = Integer.parseInt(System.getProperty("powercut.panel", "960x720").split("x")[1]);
    private static final String CHANNEL = Bundles.CHANNEL;
    private static final String PLAYLIST_PATH = Bundles.PLAYLIST_PATH;
    private static final Duration READY = Duration.ofSeconds(60);
    private static final boolean VERBOSE = Boolean.getBoolean("powercut.verbose");
    /** The agent process running now, killed by a shutdown hook if this JVM is stopped mid-run. */
    private static final java.util.concurrent.atomic.AtomicReference<Process> RUNNING = new java.util.concurrent.atomic.AtomicReference<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = RUNNING.get();
            if (p != null) {
                p.destroyForcibly();
            }
        }, "powercut-cleanup"));
    }

    /** Where a cut landed. */
    enum Phase {
        /** Nothing to do: the target version was already stored (or was committed before the cut). */
        IDLE,
        /** A new version was due, no blob requested yet: playlist fetch, verification, re-checks, eviction. */
        PLAN,
        /** Blob bytes were in flight or some blobs were still to come. */
        DOWNLOAD,
        /**
         * Every blob installed, and playlist.json (or trust.json after it) not yet committed: the cut left the
         * temp file of an atomic write, or the blobs were all in place and the playlist still the old one.
         */
        COMMIT
    }

    private final Random rnd = new Random(SEED);
    /** Blob files already hashed: name to identity (file key, size, modification time). */
    private final Map<String, String> verified = new java.util.HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void agentSurvivesSigkillAtRandomMoments(@TempDir Path dir) throws Exception {
        System.out.printf(Locale.ROOT, "power-cut harness: %d cuts, seed %d (replay: -Dpowercut.seed=%d), %d blobs per version,"
                + " %d blob sets, panel %dx%d%n", CUTS, SEED, SEED, BLOBS, SETS, W, H);
        long started = System.nanoTime();
        List<List<byte[]>> sets = makeBlobSets();
        long bundleBytes = sets.get(0).stream().mapToLong(b -> b.length).sum();
        System.out.printf(Locale.ROOT, "made %d PNG blobs (%.1f MiB per version) in %d s%n", SETS * BLOBS,
                bundleBytes / 1048576.0, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

        Vertx vertx = Vertx.vertx();
        Path state = dir.resolve("state");
        Path log = dir.resolve("agent.log");
        Files.write(dir.resolve("root.json"), TestKeys.rootEnvelope());
        int apiPort = freePort();
        TrustedRoot root = TrustedRoot.load(TestKeys.rootEnvelope());
        Map<Phase, Integer> phases = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            phases.put(p, 0);
        }
        TreeMap<Long, Integer> versionsSeen = new TreeMap<>();
        int[] oldNew = new int[2];
        long bootNanos = 0;
        long checkNanos = 0;
        Process child = null;
        try {
            FakeOrigin origin = FakeOrigin.deploy(vertx);
            origin.put("root.json", TestKeys.rootEnvelope());
            for (List<byte[]> set : sets) {
                for (byte[] b : set) {
                    origin.put(Bundles.blobPath(b), b);
                }
            }
            // Room for two versions' blobs, not three: every change of blob set evicts the oldest one.
            Files.writeString(dir.resolve("agent.yaml"), """
                    device: powercut-01
                    channel: %s
                    origin: %s
                    root: root.json
                    state: state
                    poll: 1h
                    quota: %dMiB
                    panel: {width: %d, height: %d, fps: 1}
                    api: {host: 127.0.0.1, port: %d}
                    download: {parallel: 2, retry: 1s}
                    """.formatted(CHANNEL, origin.base(), (long) Math.ceil(bundleBytes * 2.5 / 1048576), W, H, apiPort));
            Launcher launcher = new Launcher(dir, log);

            // Warm-up, not a cut: one whole sync of version 1, timed phase by phase, ended by SIGTERM so the JVM
            // writes a class-data archive that makes every later start faster.
            long target = 1;
            byte[] envelope = envelope(target, sets);
            origin.put(PLAYLIST_PATH, envelope);
            origin.gate(true);
            child = launcher.start(true);
            awaitStatus(apiPort, child, log);
            origin.gate(false);
            long[] timeline = measure(state, sets.get((int) (target % SETS)), envelope, apiPort, target, child, log);
            child.destroy();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the agent did not stop on SIGTERM");
            child = null;
            System.out.printf(Locale.ROOT, "warm-up: a whole sync of version 1 (%d blobs): first download at %d ms, every blob"
                    + " installed at %d ms, committed at %d ms; class-data sharing %s%n", BLOBS, timeline[0], timeline[1],
                    timeline[2], launcher.archived() ? "on" : "off");

            int stalled = 0;
            double commitWindow = timeline[0] + 200;
            for (int cut = 0; cut < CUTS; cut++) {
                // 1. Restart with the playlist held at the origin, so nothing is downloaded while the state is checked.
                origin.gate(true);
                long t0 = System.nanoTime();
                child = launcher.start(false);
                JsonObject status = awaitStatus(apiPort, child, log);
                long t1 = System.nanoTime();
                long stored = checkState(state, root, status, log, cut);
                bootNanos += t1 - t0;
                checkNanos += System.nanoTime() - t1;
                versionsSeen.merge(stored, 1, Integer::sum);

                // 2. Maybe publish the next version (the next blob set), then release the playlist.
                if (stored == target && rnd.nextDouble() < 0.75) {
                    target++;
                    envelope = envelope(target, sets);
                    origin.put(PLAYLIST_PATH, envelope);
                }
                boolean due = stored < target;
                List<byte[]> set = sets.get((int) (target % SETS));
                int missing = due ? missingBlobs(state, set) : 0;
                origin.gate(false);

                // 3. Cut at a random moment aimed at the download, at the install-and-commit, or at the plan before any
                //    download; or, with nothing due, while idle.
                double aim = rnd.nextDouble();
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(10_000, timeline[2] * 10));
                if (due && stalled >= 3) {
                    // Three cuts in a row made no progress: let this sync finish, so versions keep advancing.
                    while (storedVersion(state) != target && System.nanoTime() < until) {
                        Thread.sleep(5);
                    }
                    Thread.sleep(rnd.nextInt(100));
                } else if (due && missing == 0) {
                    // Every blob is already there: only verification, re-checks and the commit remain.
                    Thread.sleep((long) (rnd.nextDouble() * commitWindow));
                } else if (due && aim < 0.5) {
                    // Mid-download: after the k-th blob of this sync is installed, within the next ones.
                    int k = 1 + rnd.nextInt(missing);
                    while (missingBlobs(state, set) > missing - k && System.nanoTime() < until) {
                        Thread.sleep(1);
                    }
                    Thread.sleep(rnd.nextInt(40));
                } else if (due && aim < 0.8) {
                    // The commit: cut the moment playlist.json or trust.json is being written (its temp file is
                    // there), or at once if that moment passed unseen. It lasts milliseconds, so spin.
                    Path playlist = state.resolve("playlist.json");
                    long before = Files.exists(playlist) ? Files.getLastModifiedTime(playlist).toMillis() : 0;
                    while (System.nanoTime() < until && !committing(state)
                            && (Files.exists(playlist) ? Files.getLastModifiedTime(playlist).toMillis() : 0) == before) {
                        Thread.onSpinWait();
                    }
                } else if (due) {
                    Thread.sleep((long) (rnd.nextDouble() * timeline[0]));
                } else {
                    Thread.sleep(rnd.nextInt(200));
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the agent did not die");
                child = null;

                // Where it landed, read from what the killed process left (tmp/ is only emptied by the next boot).
                long after = storedVersion(state);
                int missingAfter = due ? missingBlobs(state, set) : 0;
                Phase phase;
                if (due && committing(state)) {
                    phase = Phase.COMMIT;
                } else if (!due || after == target) {
                    phase = Phase.IDLE;
                } else if (!names(state.resolve("tmp")).isEmpty() || (missingAfter > 0 && missingAfter < missing)) {
                    phase = Phase.DOWNLOAD;
                } else if (missingAfter == 0) {
                    phase = Phase.COMMIT;
                } else {
                    phase = Phase.PLAN;
                }
                phases.merge(phase, 1, Integer::sum);
                if (VERBOSE) {
                    System.out.printf(Locale.ROOT, "cut %d: stored %d, target %d, missing %d -> %d, stored after %d: %s%n",
                            cut, stored, target, missing, missingAfter, after, phase);
                }
                if (due) {
                    oldNew[after == target ? 1 : 0]++;
                    stalled = after == target || missingAfter < missing ? 0 : stalled + 1;
                    if (missing == 0) {
                        // Aim the next commit-only cut later when this one came too early, sooner when it came too late.
                        commitWindow = after == target ? Math.max(50, commitWindow * 0.8) : Math.min(10_000, commitWindow * 1.5);
                    }
                }
                if ((cut + 1) % 50 == 0) {
                    System.out.printf(Locale.ROOT, "%d cuts, %d s, phases %s, target version %d%n", cut + 1,
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), phases, target);
                }
            }
            // A last restart: the state after the final cut must hold too, every blob hashed afresh.
            verified.clear();
            origin.gate(true);
            child = launcher.start(false);
            checkState(state, root, awaitStatus(apiPort, child, log), log, CUTS);
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            child = null;
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            System.out.printf(Locale.ROOT, "POWER-CUT RESULT: cuts=%d failures=0 seed=%d duration=%ds phases=%s"
                            + " restarts-with-a-new-version-due: old=%d new=%d versions-seen-after-restart: %d distinct, %d..%d"
                            + " (final target %d) machine=%d cores, %s %s, Java %s%n",
                    CUTS, SEED, seconds, phases, oldNew[0], oldNew[1], versionsSeen.size(),
                    versionsSeen.firstKey(), versionsSeen.lastKey(), target,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                    System.getProperty("java.version"));
            if (VERBOSE) {
                System.out.println("restarts per stored version: " + versionsSeen);
            }
            System.out.printf(Locale.ROOT, "per restart: %d ms to answer /status, %d ms of checks%n",
                    TimeUnit.NANOSECONDS.toMillis(bootNanos) / CUTS, TimeUnit.NANOSECONDS.toMillis(checkNanos) / CUTS);
            if (CUTS >= 50) {
                assertTrue(phases.get(Phase.DOWNLOAD) > 0 && phases.get(Phase.COMMIT) > 0 && phases.get(Phase.IDLE) > 0,
                        "cuts must land in downloads, commits and idle: " + phases);
                assertTrue(target > CUTS / 10, "versions must keep advancing despite the cuts: reached " + target);
            }
        } finally {
            if (child != null) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Starts the real agent: {@code java -cp <this JVM's class path> id.layar.agent.Main run --config agent.yaml}. The
     * class path is snapshotted into the temp folder first: its folders packed into jars (class-data sharing only
     * archives classes from jars) and its jars copied, so that an {@code mvn install} running beside a long run cannot
     * swap a jar under the agent.
     */
    private static final class Launcher {
        private final Path dir;
        private final Path log;
        private final Path archive;
        private final String classPath;

        Launcher(Path dir, Path log) throws IOException {
            this.dir = dir;
            this.log = log;
            this.archive = dir.resolve("agent.jsa");
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path p = Path.of(e);
                if (Files.isDirectory(p)) {
                    Path jar = dir.resolve("classpath-" + (n++) + ".jar");
                    jar(p, jar);
                    entries.add(jar.toString());
                } else if (Files.isRegularFile(p)) {
                    Path copy = dir.resolve("classpath-" + (n++) + "-" + p.getFileName());
                    Files.copy(p, copy);
                    entries.add(copy.toString());
                }
            }
            this.classPath = String.join(java.io.File.pathSeparator, entries);
        }

        boolean archived() {
            return Files.isRegularFile(archive);
        }

        Process start(boolean writeArchive) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-XX:-UsePerfData", "-Djava.awt.headless=true", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            if (writeArchive) {
                cmd.add("-XX:ArchiveClassesAtExit=" + archive);
            } else if (archived()) {
                cmd.add("-XX:SharedArchiveFile=" + archive);
            }
            cmd.addAll(List.of("-cp", classPath, "id.layar.agent.Main", "run", "--config", dir.resolve("agent.yaml").toString()));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            RUNNING.set(p);
            return p;
        }

        private static void jar(Path folder, Path jar) throws IOException {
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(folder)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    out.putNextEntry(new java.util.jar.JarEntry(folder.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
        }
    }

    // ---- the bundle ----

    /** SETS sets of BLOBS PNG stills at the panel size, with random noise in a random share of the rows (0.5-3 MB). */
    private List<List<byte[]>> makeBlobSets() {
        List<List<byte[]>> sets = new ArrayList<>();
        Random r = new Random(SEED ^ 0x5EED);
        for (int s = 0; s < SETS; s++) {
            List<byte[]> set = new ArrayList<>();
            for (int i = 0; i < BLOBS; i++) {
                Frame f = new Frame(W, H);
                int rows = (int) (H * (0.15 + 0.77 * r.nextDouble()));
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < W; x++) {
                        f.set(x, y, r.nextInt(0x1000000));
                    }
                }
                set.add(Png.encode(f));
            }
            sets.add(set);
        }
        return sets;
    }

    private static byte[] envelope(long version, List<List<byte[]>> sets) {
        List<byte[]> set = sets.get((int) (version % SETS));
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            byte[] b = set.get(i);
            items.add(new Item("v" + version + "-" + i, "Item " + i, ItemKind.STILL,
                    new BlobRef(FakeOrigin.sha256(b), b.length, "image/png"), 10_000, Priority.NORMAL, Rules.ALWAYS, 0));
        }
        Instant now = Instant.now();
        Playlist p = new Playlist(CHANNEL, version, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                ZoneId.of("Asia/Jakarta"), new Panel(W, H, 1), items);
        return TestKeys.sign(p, TestKeys.SIGNER);
    }

    // ---- the child process ----

    private JsonObject awaitStatus(int port, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                fail("the agent exited with " + child.exitValue() + " before answering /status\n" + tail(log));
            }
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return new JsonObject(r.body());
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(20);
        }
        fail("the agent did not answer /status within " + READY.toSeconds() + " s\n" + tail(log));
        return null;
    }

    /**
     * Watches one uninterrupted sync in the state folder: when the first download appeared in tmp/, when every blob
     * was installed, and when playlist.json held the new envelope (milliseconds from now); then waits for /status.
     */
    private long[] measure(Path state, List<byte[]> set, byte[] envelope, int port, long version, Process child, Path log)
            throws Exception {
        long t0 = System.nanoTime();
        long[] at = {-1, -1, -1};
        Path playlist = state.resolve("playlist.json");
        while (at[2] < 0 && System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(3)) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            if (at[0] < 0 && !names(state.resolve("tmp")).isEmpty()) {
                at[0] = ms;
            }
            if (at[0] >= 0 && at[1] < 0 && missingBlobs(state, set) == 0) {
                at[1] = ms;
            }
            if (at[1] >= 0 && Files.exists(playlist) && java.util.Arrays.equals(envelope, Files.readAllBytes(playlist))) {
                at[2] = ms;
            }
            Thread.sleep(2);
        }
        assertTrue(at[2] >= 0, "version " + version + " was not committed within 3 minutes\n" + tail(log));
        while (awaitStatus(port, child, log).getLong("version") != version) {
            Thread.sleep(10);
        }
        at[0] = Math.max(0, at[0]);
        at[1] = Math.max(at[0] + 1, at[1]);
        return at;
    }

    // ---- the checks after every restart ----

    /**
     * Everything a restart must find, checked right after boot (nothing downloads yet: the playlist is held).
     *
     * @return the stored version (0 before the first commit)
     */
    private long checkState(Path state, TrustedRoot root, JsonObject status, Path log, int cut) throws Exception {
        String where = "after cut " + cut + " (seed " + SEED + "): ";
        try {
            // tmp/ was emptied at boot and nothing downloads before the playlist is released.
            assertEquals(List.of(), names(state.resolve("tmp")), where + "tmp/ must be empty after boot");
            for (Path folder : List.of(state, state.resolve("blobs"), state.resolve("blobs/sha256"))) {
                for (String n : names(folder)) {
                    assertTrue(!n.startsWith(AtomicFiles.TEMP_PREFIX) && !n.endsWith(".tmp") && !n.endsWith(".part"),
                            where + "stray temp file " + folder.resolve(n));
                }
            }
            // Nothing in blobs/ is corrupt: every file is named by its SHA-256. A file already hashed is hashed again
            // only if its identity, size or time changed (a killed process cannot alter a file without that).
            try (DirectoryStream<Path> blobs = Files.newDirectoryStream(state.resolve("blobs/sha256"))) {
                for (Path b : blobs) {
                    java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(b, java.nio.file.attribute.BasicFileAttributes.class);
                    String identity = a.fileKey() + "/" + a.size() + "/" + a.lastModifiedTime().toMillis();
                    if (!identity.equals(verified.get(b.getFileName().toString()))) {
                        assertEquals(b.getFileName().toString(), sha256(b), where + "corrupt blob " + b);
                        verified.put(b.getFileName().toString(), identity);
                    }
                }
            }
            Path playlist = state.resolve("playlist.json");
            long version = 0;
            if (Files.exists(playlist)) {
                // The stored playlist is complete and verifies; every blob it names is present and verifies.
                TrustedRoot.Verified v = root.verifyStored(Files.readAllBytes(playlist), CHANNEL);
                version = v.playlist().version();
                for (BlobRef b : StateStore.distinctBlobs(v).values()) {
                    Path f = state.resolve(b.relativePath());
                    assertTrue(Files.isRegularFile(f), where + "blob " + b.sha256() + " of version " + version + " is missing");
                    assertEquals(b.size(), Files.size(f), where + "blob size");
                }
                // trust.json, written after playlist.json, is whole whenever it exists.
                Path trust = state.resolve("trust.json");
                if (Files.exists(trust)) {
                    JsonObject t = new JsonObject(Files.readString(trust));
                    assertNotNull(t.getString("floor"), where + "trust.json");
                    assertTrue(t.getLong("version") <= version, where + "trust.json names a version that was never committed");
                }
            }
            // The restarted process agrees: it plays the stored version with no problem.
            assertEquals(version, status.getLong("version"), where + "/status version\n" + status.encodePrettily());
            if (version > 0) {
                assertEquals(null, status.getValue("problem"), where + "/status problem");
            }
            return version;
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- agent log (tail) ---\n" + tail(log), e);
        }
    }

    /** Whether playlist.json or trust.json is being written: its temp file is beside it. */
    private static boolean committing(Path state) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(state, AtomicFiles.TEMP_PREFIX + "*")) {
            return files.iterator().hasNext();
        }
    }

    private static int missingBlobs(Path state, List<byte[]> set) {
        int n = 0;
        for (byte[] b : set) {
            if (!Files.exists(state.resolve(Bundles.blobPath(b)))) {
                n++;
            }
        }
        return n;
    }

    private static long storedVersion(Path state) throws Exception {
        Path p = state.resolve("playlist.json");
        if (!Files.exists(p)) {
            return 0;
        }
        return TrustedRoot.load(TestKeys.rootEnvelope()).verifyStored(Files.readAllBytes(p), CHANNEL).playlist().version();
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
