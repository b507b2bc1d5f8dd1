package id.layar.bench.onair;

import id.layar.agent.Agent;
import id.layar.agent.AgentConfig;
import id.layar.agent.StatusSnapshot;
import id.layar.agent.telemetry.MqttSettings;
import id.layar.render.VirtualPanel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated agents: real {@link Agent}s on one Vert.x, each with its own state folder, a {@link VirtualPanel}, a
 * technician API on a free port and an MQTT connection to the run's broker. Starts are spread evenly over one poll
 * interval, as devices that booted at different moments, so their poll timers are spread the same way.
 */
final class Fleet implements AutoCloseable {
    /** One agent and the channel it plays. */
    record Member(String device, int channel, Agent agent) {
        /** The "channel updated" messages this agent's telemetry has received. */
        long notifications() {
            JsonObject m = agent.status().mqtt();
            return m == null ? 0 : m.getLong("notificationsReceived", 0L);
        }

        boolean connected() {
            JsonObject m = agent.status().mqtt();
            return m != null && m.getBoolean("connected", false);
        }

        /** Why it is not ready, in one line: what it plays, its last sync, its broker connection. */
        String describe() {
            StatusSnapshot s = agent.status();
            return device + " (channel " + s.channel() + "): version " + s.version() + ", playing "
                    + (s.playing() == null ? "nothing" : s.playing().id()) + ", last sync "
                    + (s.lastSync() == null ? "none" : s.lastSync().outcome() + " " + s.lastSync().detail()) + ", mqtt "
                    + s.mqtt();
        }
    }

    private final List<Member> members;
    private final Duration startTook;

    private Fleet(List<Member> members, Duration startTook) {
        this.members = members;
        this.startTook = startTook;
    }

    /**
     * Starts {@code o.agents()} agents, one every poll/agents, device {@code bench-0001} on channel 0 and so on round
     * robin. Stops those already started if one fails.
     */
    static Fleet start(Vertx vertx, Options o, Path stateRoot, URI origin, Path rootFile, int brokerPort,
                       List<String> channels, PrintStream out) throws Exception {
        MqttSettings mqtt = new MqttSettings(URI.create("mqtt://127.0.0.1:" + brokerPort), null, null, null);
        long spacing = o.poll().toNanos() / o.agents();
        long begin = System.nanoTime();
        List<Member> started = new ArrayList<>();
        try {
            for (int i = 0; i < o.agents(); i++) {
                LockSupport.parkNanos(begin + i * spacing - System.nanoTime());
                String device = String.format(Locale.ROOT, "bench-%04d", i + 1);
                int ch = i % channels.size();
                AgentConfig c = new AgentConfig(device, channels.get(ch), origin, rootFile, stateRoot.resolve(device),
                        o.poll(), o.size(), o.size(), o.fps(), AgentConfig.OUTPUT_VIRTUAL, "127.0.0.1", 0).withMqtt(mqtt);
                Agent a = Agent.start(vertx, c, new VirtualPanel(o.size(), o.size()), Clock.systemUTC(), Agent.Extras.NONE)
                        .await(60, TimeUnit.SECONDS);
                started.add(new Member(device, ch, a));
                if ((i + 1) % 50 == 0 || i + 1 == o.agents()) {
                    out.printf(Locale.ROOT, "  %d agents started (%.1f s)%n", i + 1, (System.nanoTime() - begin) / 1e9);
                }
            }
        } catch (Exception e) {
            new Fleet(started, Duration.ZERO).close();
            throw e;
        }
        return new Fleet(List.copyOf(started), Duration.ofNanos(System.nanoTime() - begin));
    }

    List<Member> members() {
        return members;
    }

    Duration startTook() {
        return startTook;
    }

    /**
     * Waits until every agent plays {@code itemId} and is connected to the broker; else fails naming up to ten agents
     * that are not, with what each plays and why.
     */
    void awaitReady(String itemId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Member> waiting = members.stream().filter(m -> !ready(m, itemId)).toList();
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder b = new StringBuilder(waiting.size() + " of " + members.size() + " agents do not play "
                        + itemId + " while connected to the broker after " + timeout.toSeconds() + " s:");
                waiting.stream().limit(10).forEach(m -> b.append("\n  ").append(m.describe()));
                throw new IllegalStateException(b.toString());
            }
            Thread.sleep(100);
        }
    }

    private static boolean ready(Member m, String itemId) {
        StatusSnapshot s = m.agent().status();
        return s.playing() != null && itemId.equals(s.playing().id()) && m.connected();
    }

    /** Stops every agent at once (each says goodbye to the broker) and waits up to 60 s. */
    @Override
    public void close() {
        List<Future<Void>> stops = members.stream().map(m -> m.agent().stop()).toList();
        try {
            Future.join(stops).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("not every agent stopped within 60 s: " + e);
        }
    }
}
