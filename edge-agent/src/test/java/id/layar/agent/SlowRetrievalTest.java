package id.layar.agent;

import static id.layar.agent.Bundles.blobPath;
import static id.layar.agent.Bundles.playlist;
import static id.layar.agent.Bundles.publish;
import static id.layar.agent.Bundles.signed;
import static id.layar.agent.Bundles.still;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.SyncOutcome.Kind;
import id.layar.playlist.Item;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Slow-retrieval attacks: an origin that drips or stalls cannot hold the agent; downloads stay bounded in number. */
@ExtendWith(VertxExtension.class)
class SlowRetrievalTest {
    private final byte[] red = Bundles.png(Bundles.RED);

    @Test
    void dripFeedingOriginIsCutOffInSecondsNotHours(Vertx vertx, @TempDir Path dir) throws Exception {
        byte[] noise = Bundles.noisePng(3, Bundles.W, Bundles.H);
        try (Harness h = new Harness(vertx, dir)) {
            h.tweak = c -> c.withDownload(Harness.QUICK_WATCHDOG);
            publish(h.origin, signed(playlist(5, still("red", red))), red);
            h.start();
            publish(h.origin, signed(playlist(6, still("noise", noise))), noise);
            h.origin.misbehave(blobPath(noise), FakeOrigin.Misbehaviour.DRIP);
            long t0 = System.nanoTime();
            SyncOutcome o = h.sync();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(Kind.FAILED, o.kind());
            assertTrue(o.detail().contains("too slow") && o.detail().contains("download.min-bytes"), o.detail());
            // At one byte a second the blob would take over 1.5 hours.
            assertTrue(ms < 4_000, "cut off after " + ms + " ms");
            h.assertPanelStays(Bundles.solid(Bundles.RED), "red");
        }
    }

    @Test
    void dripFeedingPlaylistIsCutOffToo(Vertx vertx, @TempDir Path dir) throws Exception {
        try (Harness h = new Harness(vertx, dir)) {
            h.tweak = c -> c.withDownload(Harness.QUICK_WATCHDOG);
            publish(h.origin, signed(playlist(5, still("red", red))), red);
            h.start();
            h.origin.misbehave(Bundles.PLAYLIST_PATH, FakeOrigin.Misbehaviour.DRIP);
            SyncOutcome o = h.sync();
            assertEquals(Kind.FAILED, o.kind());
            assertTrue(o.detail().contains("the download of playlist is too slow"), o.detail());
        }
    }

    @Test
    void transferThatOutlivesItsDeadlineIsAborted(Vertx vertx) throws Exception {
        // Just enough bytes in every window, but never done: the deadline trips.
        Promise<String> tripped = Promise.promise();
        long[] feeder = new long[1];
        vertx.runOnContext(v -> {
            Watchdog dog = new Watchdog(vertx, 10, Duration.ofMillis(100), Duration.ofMillis(400), "the download of blob x");
            dog.opened(() -> vertx.cancelTimer(feeder[0]));
            feeder[0] = vertx.setPeriodic(20, id -> dog.received(5));
            dog.tripped().onFailure(t -> tripped.tryComplete(t.getMessage()));
        });
        String message = tripped.future().await(5, TimeUnit.SECONDS);
        assertTrue(message.contains("deadline"), message);
    }

    @Test
    void deadlineIsTheNamedSizeAtTheMinimumRatePlusGrace() {
        AgentConfig.Download d = AgentConfig.Download.DEFAULT;
        assertEquals(Duration.ofSeconds(10 * 20 + 60), d.deadline(40 * 1024), "10 windows of 4 KiB, 20 s each, plus 60 s");
        assertEquals(Duration.ofSeconds(20 + 60), d.deadline(0));
    }

    @Test
    void atMostDownloadParallelBlobsAreFetchedAtOnce(Vertx vertx, @TempDir Path dir) throws Exception {
        List<byte[]> blobs = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] b = Bundles.noisePng(100 + i, Bundles.W, Bundles.H);
            blobs.add(b);
            items.add(still("n" + i, b));
        }
        for (int parallel : new int[] {1, 3}) {
            try (Harness h = new Harness(vertx, dir.resolve("p" + parallel))) {
                h.tweak = c -> c.withDownload(Harness.DOWNLOAD.withParallel(parallel));
                publish(h.origin, signed(playlist(5, items.toArray(Item[]::new))), blobs.toArray(byte[][]::new));
                for (byte[] b : blobs) {
                    h.origin.misbehave(blobPath(b), FakeOrigin.Misbehaviour.SLOW);
                }
                h.start();
                assertEquals(Kind.ACCEPTED, h.agent.status().lastSync().outcome(), () -> h.agent.status().toString());
                assertEquals(parallel, h.origin.maxBlobsInFlight(), "download.parallel " + parallel);
            }
        }
    }
}
