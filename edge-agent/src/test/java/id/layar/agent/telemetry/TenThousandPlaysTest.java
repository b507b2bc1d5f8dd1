package id.layar.agent.telemetry;

import static id.layar.agent.telemetry.Fleet.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.proof.ChainCheck;
import id.layar.playlist.proof.PlayRecord;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #6's proof: "A test plays 10,000 items while the broker restarts and the agent is killed in between, and the
 * consumer counts exactly 10,000 distinct plays with an unbroken chain."
 *
 * <p>The agent is a child JVM ({@link PlayingDevice}: Telemetry and its SQLite outbox, playing 1 ms items) that is
 * SIGKILLed at random moments and started again; it continues from the seq in its outbox. The broker is a real
 * Mosquitto with deploy/mosquitto's config and persistence (saved after every change), stopped with SIGTERM or killed
 * with SIGKILL at random moments and started again after a random outage. The consumer is the fleet: a Vert.x MQTT
 * client in this JVM with a persistent session (clean session off) and a QoS 1 subscription to
 * {@code layar/devices/+/plays}, keeping records by id. At the end: exactly the target number of distinct ids, seq 1..N,
 * {@link ChainCheck} finds no break, and the agent's outbox is empty.
 *
 * <p>System properties: {@code plays.count} (10000), {@code plays.agentKills} (5), {@code plays.brokerTerms} (2),
 * {@code plays.brokerKills} (2), {@code plays.seed} (random; printed, so a failure can be replayed).
 */
class TenThousandPlaysTest {
    static final long COUNT = Long.getLong("plays.count", 10_000);
    static final int AGENT_KILLS = Integer.getInteger("plays.agentKills", 5);
    static final int BROKER_TERMS = Integer.getInteger("plays.brokerTerms", 2);
    static final int BROKER_KILLS = Integer.getInteger("plays.brokerKills", 2);
    static final long SEED = Long.getLong("plays.seed", System.nanoTime());
    static final Duration DEADLINE = Duration.ofSeconds(Long.getLong("plays.deadlineSeconds", 240));
    static final String DEVICE = "wall-proof";
    static final Map<String, String> USERS = Map.of(DEVICE, "pw-device", "fleet", "pw-fleet", "publisher", "pw-publisher");

    enum Event { KILL_AGENT, BROKER_SIGTERM, BROKER_SIGKILL }

    /** The child agent, its output parsed as it comes. */
    static final class Agent {
        final Process process;
        final AtomicLong outbox = new AtomicLong(-1);
        final AtomicReference<String> lastLine = new AtomicReference<>("");

        Agent(Process process, Path log) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                     PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                             java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lastLine.set(line);
                        if (line.startsWith("status outbox=")) {
                            outbox.set(Long.parseLong(line.substring("status outbox=".length(), line.indexOf(' ', 14))));
                        } else {
                            out.println(line);
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // The process died: nothing more to read.
                }
            }, "agent-stdout");
            reader.setDaemon(true);
            reader.start();
        }
    }

    @TempDir
    Path dir;

    @Test
    void tenThousandPlaysSurviveAgentKillsAndBrokerRestartsWithAnUnbrokenChain() throws Exception {
        Random rnd = new Random(SEED);
        System.out.printf(Locale.ROOT, "proof of play: %d plays, %d agent SIGKILLs, %d broker SIGTERMs, %d broker SIGKILLs,"
                + " seed %d (replay: -Dplays.seed=%d)%n", COUNT, AGENT_KILLS, BROKER_TERMS, BROKER_KILLS, SEED, SEED);
        long started = System.nanoTime();
        Path state = dir.resolve("agent-state");
        Path agentLog = dir.resolve("agent.log");
        Vertx vertx = Vertx.vertx();
        Agent agent = null;
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"), USERS, true);
             Fleet fleet = new Fleet(vertx, broker.port(), "fleet", USERS.get("fleet"), "fleet-proof", true,
                     List.of("layar/devices/+/plays", "layar/devices/+/online")).connect()) {
            // Events at random points of the run (by plays received), in random order, each after a random delay.
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < AGENT_KILLS; i++) {
                events.add(Event.KILL_AGENT);
            }
            for (int i = 0; i < BROKER_TERMS; i++) {
                events.add(Event.BROKER_SIGTERM);
            }
            for (int i = 0; i < BROKER_KILLS; i++) {
                events.add(Event.BROKER_SIGKILL);
            }
            Collections.shuffle(events, rnd);
            List<Long> at = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                at.add((long) (COUNT * (0.03 + 0.9 * rnd.nextDouble())));
            }
            Collections.sort(at);

            Launcher launcher = new Launcher(state, broker.port(), agentLog);
            agent = launcher.start();
            int agentKills = 0;
            int brokerTerms = 0;
            int brokerKills = 0;
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            for (int i = 0; i < events.size(); i++) {
                long threshold = at.get(i);
                await(() -> fleet.plays.size() >= threshold, remaining(deadline), () -> "progress to " + threshold
                        + " plays; the fleet has " + fleet.plays.size() + "\n" + tail(agentLog) + "\n" + broker.log());
                Thread.sleep(rnd.nextInt(400));
                switch (events.get(i)) {
                    case KILL_AGENT -> {
                        agent.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                        agentKills++;
                        Thread.sleep(rnd.nextInt(300));
                        agent = launcher.start();
                    }
                    case BROKER_SIGTERM, BROKER_SIGKILL -> {
                        if (events.get(i) == Event.BROKER_SIGTERM) {
                            broker.stop();
                            brokerTerms++;
                        } else {
                            broker.kill();
                            brokerKills++;
                        }
                        Thread.sleep(200 + rnd.nextInt(1500)); // The outage: the agent keeps playing into its outbox.
                        broker.start();
                    }
                    default -> throw new AssertionError(events.get(i));
                }
            }

            Agent last = agent;
            await(() -> fleet.plays.size() >= COUNT, remaining(deadline), () -> "all " + COUNT + " plays; the fleet has "
                    + fleet.plays.size() + ", missing e.g. " + missing(fleet, 10) + "; agent: " + last.lastLine.get() + "\n"
                    + tail(agentLog) + "\n" + broker.log());
            // Everything arrived, so everything was appended: the outbox empties when the last PUBACKs are in.
            long seenAt = System.nanoTime();
            await(() -> last.outbox.get() == 0 && last.lastLine.get().startsWith("status") && System.nanoTime() - seenAt
                    > TimeUnit.MILLISECONDS.toNanos(250), remaining(deadline), () -> "the agent's outbox to empty: "
                    + last.lastLine.get());
            last.process.destroy(); // SIGTERM: a clean stop closes the outbox.
            assertTrue(last.process.waitFor(20, TimeUnit.SECONDS), "the agent did not stop on SIGTERM");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            List<PlayRecord> chain = fleet.playsOf(DEVICE);
            long wills = fleet.live.stream().filter(m -> m.equals("layar/devices/" + DEVICE + "/online {\"online\":false}")).count();
            System.out.printf(Locale.ROOT, "proof of play: %d distinct plays received, %d duplicates, %d agent SIGKILLs"
                            + " (%d Last Wills seen live), %d broker SIGTERMs, %d broker SIGKILLs, %d s, seed %d%n",
                    chain.size(), fleet.duplicates.get(), agentKills, wills, brokerTerms, brokerKills, seconds, SEED);

            assertEquals(0, fleet.malformed.get(), "malformed messages on the plays topic");
            assertEquals(COUNT, chain.size(), "distinct plays");
            assertEquals(1, chain.get(0).seq());
            assertEquals(COUNT, chain.get(chain.size() - 1).seq());
            assertEquals(List.of(), ChainCheck.check(chain), "breaks in the chain");
            try (PlayOutbox box = PlayOutbox.open(state.resolve(PlayOutbox.FILE_NAME), DEVICE)) {
                assertEquals(0, box.size(), "records left in the agent's outbox");
                assertEquals(COUNT, box.lastSeq());
                assertEquals(chain.get(chain.size() - 1).hash(), box.lastHash());
            }
            String logs = Files.readString(agentLog, StandardCharsets.UTF_8);
            assertFalse(logs.contains("has been blocked for") || logs.contains("OutOfMemoryError"),
                    "the agent's event loop was blocked or its heap ran out:\n" + tail(agentLog));
            assertEquals(AGENT_KILLS, agentKills);
            assertEquals(BROKER_TERMS + BROKER_KILLS, brokerTerms + brokerKills);
        } finally {
            if (agent != null) {
                agent.process.destroyForcibly();
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    static List<Long> missing(Fleet fleet, int max) {
        List<Long> out = new ArrayList<>();
        for (long seq = 1; seq <= COUNT && out.size() < max; seq++) {
            if (!fleet.plays.containsKey(DEVICE + "/" + seq)) {
                out.add(seq);
            }
        }
        return out;
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no agent log: " + e + ")";
        }
    }

    /** Starts {@link PlayingDevice} with this JVM's class path; its stderr (the logs) goes to the agent log. */
    static final class Launcher {
        final Path state;
        final int port;
        final Path log;

        Launcher(Path state, int port, Path log) {
            this.state = state;
            this.port = port;
            this.log = log;
        }

        Agent start() throws IOException {
            Process p = ChildJvm.command(PlayingDevice.class, List.of(), List.of(Integer.toString(port), state.toString(),
                    DEVICE, USERS.get(DEVICE), Long.toString(COUNT)))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new Agent(p, log);
        }
    }
}
