package id.layar.agent.telemetry;

import id.layar.playlist.proof.PlayRecord;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The device side of {@link TenThousandPlaysTest}, run as a child JVM that the test SIGKILLs: Telemetry and its
 * outbox as the agent wires them (Vert.x with one event loop and two workers), and a "player" thread that plays
 * 1 ms items until the outbox's seq reaches the target. After a restart it continues from the seq stored in the
 * outbox. Prints {@code status outbox=N connected=B published=P} every 100 ms on stdout; SIGTERM stops it cleanly.
 *
 * <p>Arguments: broker port, state folder, device id, password, target seq.
 */
public final class PlayingDevice {
    private PlayingDevice() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path state = Path.of(args[1]);
        String device = args[2];
        String password = args[3];
        long target = Long.parseLong(args[4]);

        long head;
        try (PlayOutbox box = PlayOutbox.open(state.resolve(PlayOutbox.FILE_NAME), device)) {
            head = box.lastSeq();
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(2));
        MqttSettings settings = new MqttSettings(URI.create("mqtt://127.0.0.1:" + port), null, password, null);
        JsonObject status = new JsonObject().put("device", device).put("channel", "stress").put("agentVersion", "test");
        Telemetry t = Telemetry.start(vertx, settings, device, "stress", state, () -> status, SystemFacts.system(), () -> { },
                Clock.systemUTC()).await(30, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                t.stop().await(10, TimeUnit.SECONDS);
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "stop"));
        System.out.println("started head=" + head);
        Thread reporter = new Thread(() -> {
            while (true) {
                TelemetryStatus s = t.status();
                System.out.println("status outbox=" + s.outboxSize() + " connected=" + s.connected() + " published="
                        + s.playsPublished());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "reporter");
        reporter.setDaemon(true);
        reporter.start();

        for (long seq = head + 1; seq <= target; seq++) {
            Instant start = Instant.now();
            Thread.sleep(1);
            t.recordPlay("item-" + (seq % 37), 1 + seq / 1000, start, Instant.now(),
                    seq % 11 == 0 ? PlayRecord.Outcome.CUT : PlayRecord.Outcome.PLAYED);
        }
        System.out.println("played up to " + target);
        Thread.currentThread().join(); // Until SIGTERM or SIGKILL.
    }
}
