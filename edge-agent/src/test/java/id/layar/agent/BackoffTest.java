package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.SyncOutcome.Kind;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Failed cycles are retried sooner than the poll, backing off exponentially with full jitter; success resets it. */
@ExtendWith(VertxExtension.class)
class BackoffTest {
    @Test
    void delaysDoubleUpToTheCapWithFullJitter() {
        Backoff top = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(2), () -> 0.999999);
        List<Long> ceilings = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ceilings.add(top.next().toSeconds());
        }
        assertEquals(List.of(4L, 9L, 19L, 39L, 79L, 119L, 119L, 119L), ceilings, "5 s doubling, capped at 4 x a 30 s poll");
        Random r = new Random(1);
        Backoff jittered = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(2), r::nextDouble);
        for (int i = 0; i < 200; i++) {
            long ms = jittered.next().toMillis();
            assertTrue(ms >= 1 && ms <= jittered.ceiling(i), ms + " ms at attempt " + i);
        }
        jittered.reset();
        assertEquals(0, jittered.failures());
        assertTrue(jittered.next().toMillis() <= 5000, "after a reset the first retry is again within the base");
        assertEquals(Duration.ofMinutes(2).toMillis(), new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(2), () -> 1).ceiling(1000));
    }

    @Test
    void agentRetriesSoonAfterAFailureAndRecoversOnItsOwn(Vertx vertx, @TempDir Path dir) throws Exception {
        byte[] red = Bundles.png(Bundles.RED);
        try (Harness h = new Harness(vertx, dir)) {
            // Poll once an hour; retry after 100 ms, 200 ms, 400 ms, ...
            h.tweak = c -> c.withDownload(Harness.DOWNLOAD.withRetry(Duration.ofMillis(100)));
            h.origin.failWith(503);
            h.start();
            assertEquals(Kind.FAILED, h.agent.status().lastSync().outcome());
            // A retry may already be running (nextSync is null while one runs); between attempts the
            // status names when the next one is due, and that is a retry, not the hourly poll.
            Instant[] due = new Instant[1];
            Harness.waitUntil(() -> (due[0] = h.agent.status().nextSync()) != null,
                    "the status to say when the next attempt is due");
            assertTrue(due[0].isBefore(h.clock.instant().plus(Duration.ofMinutes(1))), "next attempt " + due[0]);
            Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(5, Bundles.still("red", red))), red);
            h.origin.failWith(0);
            // No manual sync: the back-off timer brings the wall up well before the hourly poll.
            h.awaitPanel(Bundles.solid(Bundles.RED), "red, fetched by a retry");
            assertEquals(Kind.ACCEPTED, h.agent.status().lastSync().outcome());
        }
    }
}
