package id.layar.bench.onair;

import id.layar.packager.serve.Origin;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue #6's benchmark: how long from a publish until the new item is on the wall, for a fleet of agents in one JVM
 * against a real Mosquitto and the packager's origin, with polling only and with a "channel updated" notification.
 *
 * <p>A round publishes a new signed version on every channel: its blob, then its playlist renamed into place (t0 is
 * taken just before the rename), then, with notification, one QoS 1 message per channel. {@link OnAirDetector} then
 * reads each agent's {@code status().playing()} until its channel's new item is on the wall. Polling-only rounds run
 * first: a notification makes every agent of a channel sync at once and restart its poll timer, which would line
 * their timers up; booted over one poll interval, they are spread as a real fleet's are. Each mode starts with one
 * warm-up round that is not counted. Prints one line per round and, at the end, a markdown table.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar id.layar.bench.onair.PublishLatency [--agents 200] [--rounds 5]
 * [--poll 30] ...} ({@code --help} lists every option).
 */
public final class PublishLatency {
    private final Options o;
    private final PrintStream out;
    private final List<String> channels = new ArrayList<>();
    private long version;

    private PublishLatency(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
        for (int c = 1; c <= o.channels(); c++) {
            channels.add("bench-ch-" + c);
        }
    }

    public static void main(String[] args) throws Exception {
        // 200 agents log every sync at INFO; only warnings and errors are worth seeing here.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (o == null) {
            System.out.println(Options.USAGE);
            return;
        }
        new PublishLatency(o, System.out).run();
        System.exit(0); // the shared Vert.x and SQLite leave no non-daemon thread we need to wait for
    }

    private void run() throws Exception {
        String loadBefore = Machine.loadAverage();
        boolean temp = o.dir() == null;
        Path work = temp ? Files.createTempDirectory("layar-onair-") : Files.createDirectories(o.dir());
        out.println("Publish -> on-air latency: " + o.agents() + " agents on " + o.channels() + " channels, poll "
                + o.poll().toSeconds() + " s, " + o.rounds() + " rounds per mode after 1 warm-up; panel " + o.size() + "x"
                + o.size() + " at " + o.fps() + " fps; detector every " + o.detectorMs() + " ms; " + o.eventLoops()
                + " event loops");
        out.println("machine: " + Machine.describe());
        out.println("load average before: " + loadBefore + "; work folder on " + Machine.fileSystem(work));
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(o.eventLoops())).build();
        ModeResult polling = new ModeResult("polling only", o.agents(), o.deadline());
        ModeResult notified = new ModeResult("with notification", o.agents(), o.deadline());
        String jvm;
        String brokerFacts;
        Duration startTook;
        try (Broker broker = Broker.start(work.resolve("broker"))) {
            brokerFacts = broker.version() + " (pid " + broker.pid() + ", port " + broker.port() + ")";
            Path originDir = work.resolve("origin");
            Content content = Content.create(originDir, o.size(), o.fps());
            Path rootFile = work.resolve("root.json");
            Files.write(rootFile, content.rootJson());
            Origin origin = Origin.start(vertx, originDir, "127.0.0.1", 0).await(30, TimeUnit.SECONDS);
            URI originUri = URI.create("http://127.0.0.1:" + origin.port() + "/");
            version = 1;
            for (String ch : channels) {
                content.stage(ch, version).publish();
            }
            out.println("broker " + brokerFacts + ", origin " + originUri + "; starting " + o.agents()
                    + " agents over one poll interval (" + o.poll().toSeconds() + " s)");
            Fleet fleet = Fleet.start(vertx, o, work.resolve("agents"), originUri, rootFile, broker.port(), channels, out);
            try (Notifications notes = Notifications.connect(vertx, broker.port())) {
                startTook = fleet.startTook();
                fleet.awaitReady(Content.itemId(version), Duration.ofMinutes(2));
                out.printf(Locale.ROOT, "all %d agents play %s and are connected to the broker%n", o.agents(),
                        Content.itemId(version));
                mode(polling, fleet, content, null);
                mode(notified, fleet, content, notes);
                jvm = Machine.jvm();
                brokerFacts += ", resident memory " + broker.residentMemory();
            } finally {
                fleet.close();
                origin.stop().await(10, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
            if (temp) {
                deleteTree(work);
            }
        }
        String loadAfter = Machine.loadAverage();
        report(polling, notified, loadBefore, loadAfter, jvm, brokerFacts, startTook);
    }

    /** One warm-up round (printed, not counted), then the measured rounds. */
    private void mode(ModeResult result, Fleet fleet, Content content, Notifications notes) throws Exception {
        for (int r = 0; r <= o.rounds(); r++) {
            String label = result.mode() + (r == 0 ? " warm-up" : " round " + r + "/" + o.rounds());
            Integer[] missing = new Integer[1];
            OnAirDetector.Round round = round(fleet, content, notes, label, missing);
            if (r > 0) {
                result.add(round, missing[0]);
            }
            Thread.sleep(o.gap().toMillis());
        }
    }

    /** Publishes the next version on every channel, notifies when asked, and watches it go on air. */
    private OnAirDetector.Round round(Fleet fleet, Content content, Notifications notes, String label, Integer[] missing)
            throws IOException {
        version++;
        List<Content.Staged> staged = new ArrayList<>();
        String[] itemIds = new String[channels.size()];
        for (int c = 0; c < channels.size(); c++) {
            staged.add(content.stage(channels.get(c), version));
            itemIds[c] = Content.itemId(version);
        }
        List<Fleet.Member> members = fleet.members();
        long[] before = notes == null ? null : members.stream().mapToLong(Fleet.Member::notifications).toArray();
        long[] t0 = new long[channels.size()];
        for (int c = 0; c < channels.size(); c++) {
            t0[c] = System.nanoTime();
            staged.get(c).publish();
            if (notes != null) {
                notes.send(channels.get(c), version);
            }
        }
        OnAirDetector.Round r = OnAirDetector.measure(members, t0, itemIds, o.deadline().toNanos(),
                TimeUnit.MILLISECONDS.toNanos(o.detectorMs()));
        if (notes != null) {
            int n = 0;
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i).notifications() == before[i]) {
                    n++;
                }
            }
            missing[0] = n;
        }
        ModeResult one = new ModeResult(label, members.size(), o.deadline());
        one.add(r, missing[0]);
        out.printf(Locale.ROOT, "  %s (version %d): p50 %s, p99 %s, max %s, missed %d%s; detector %d sweeps, longest gap"
                        + " %.1f ms%s%n", label, version, ModeResult.time(one.percentile(0.5)),
                ModeResult.time(one.percentile(0.99)), ModeResult.time(one.percentile(1.0)), r.missed(),
                missing[0] == null ? "" : ", notification not received by " + missing[0],
                r.sweeps().count(), r.sweeps().longestGapNanos() / 1e6,
                notes != null && notes.unacknowledged() > 0 ? "; " + notes.unacknowledged() + " notifications not yet"
                        + " acknowledged by the broker" : "");
        if (r.missed() > 0) {
            long[] l = r.latencyNanos();
            for (int i = 0, shown = 0; i < l.length && shown < 5; i++) {
                if (l[i] < 0) {
                    out.println("    missed: " + members.get(i).describe());
                    shown++;
                }
            }
        }
        return r;
    }

    private void report(ModeResult polling, ModeResult notified, String loadBefore, String loadAfter, String jvm,
                        String brokerFacts, Duration startTook) {
        OnAirDetector.Sweeps s = polling.sweeps().plus(notified.sweeps());
        long p99 = notified.percentile(0.99);
        out.println();
        out.println("### Publish -> on-air latency");
        out.println();
        out.println(ModeResult.header());
        out.println(polling.row());
        out.println(notified.row());
        out.println();
        out.printf(Locale.ROOT, "- Goal, p99 at most 2 s with notification: **%s** (p99 %s).%n",
                p99 <= ModeResult.GOAL.toNanos() ? "met" : "missed", ModeResult.time(p99));
        out.println("- Machine: " + Machine.describe() + ".");
        out.println("- Load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter + ".");
        out.println("- Broker: " + brokerFacts + ".");
        out.printf(Locale.ROOT, "- Agents started in %.1f s (spread over one poll interval); JVM at the end of the last"
                + " round, all agents running: %s.%n", startTook.toNanos() / 1e9, jvm);
        out.printf(Locale.ROOT, "- Detector: every %d ms; longest time between two reads of the same agent %.1f ms (the"
                        + " resolution: a latency is late by at most that); %d sweeps, mean sweep %.0f us, longest %.1f ms.%n",
                o.detectorMs(), s.longestGapNanos() / 1e6, s.count(), s.count() == 0 ? 0 : s.busyNanos() / 1e3 / s.count(),
                s.longestSweepNanos() / 1e6);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
