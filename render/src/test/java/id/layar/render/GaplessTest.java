package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Panel;
import id.layar.playlist.Playlist;
import id.layar.playlist.Priority;
import id.layar.playlist.Rules;
import id.layar.playlist.Schedule;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every frame across item boundaries, as the agent's player draws them (the schedule's answer for the tick,
 * {@link ItemRenderer#render}, and {@link ItemRenderer#prepare} for the next item a little before the switch):
 * no black frame, no frozen frame where the content moves, and no decoder opened at the switch itself.
 */
class GaplessTest {
    static final int W = 96;
    static final int H = 48;
    static final int FPS = 30;
    static final Instant ISSUED = Instant.parse("2026-11-01T00:00:00Z");
    static byte[] clipA;
    static byte[] clipB;
    static List<Frame> framesA;
    static List<Frame> framesB;

    @BeforeAll
    static void makeClips() {
        clipA = TestVideos.mp4(W, H, FPS, 45, i -> TestVideos.moving(W, H, i));          // 1.5 s
        clipB = TestVideos.mp4(W, H, FPS, 40, i -> TestVideos.moving(W, H, i + 500));    // 1.33 s, loops in its slot
        framesA = TestVideos.decodeAll(clipA);
        framesB = TestVideos.decodeAll(clipB);
    }

    static Item item(String id, ItemKind kind, BlobRef blob, long ms) {
        return new Item(id, id, kind, blob, ms, Priority.NORMAL, Rules.ALWAYS, 0);
    }

    static Playlist playlist(List<Item> items) {
        return new Playlist("uji", 1, ISSUED, ISSUED.plusSeconds(86_400 * 60), ZoneId.of("Asia/Jakarta"),
                new Panel(W, H, FPS), items);
    }

    /** What one tick showed and whether the renderer opened a decoder while drawing it. */
    record Tick(Instant at, Item item, long millis, Frame frame, boolean openedDuringRender) {
    }

    /** Plays {@code seconds} from a loop start at 30 fps with prepare() half a second before each switch. */
    static List<Tick> play(Playlist p, ItemRenderer renderer, double seconds, long phaseMs) throws IOException {
        return play(p, renderer, seconds, phaseMs, null);
    }

    /**
     * As {@link #play(Playlist, ItemRenderer, double, long)}, with prepare() on {@code worker} when given; the
     * simulated clock runs faster than real time, so the switch waits for that prepare to have finished (as it
     * would have, half a second later, on a wall).
     */
    static List<Tick> play(Playlist p, ItemRenderer renderer, double seconds, long phaseMs,
                           java.util.concurrent.ExecutorService worker) throws IOException {
        long cycle = p.items().stream().mapToLong(Item::durationMs).sum();
        long start = (Instant.parse("2026-11-24T03:00:00Z").toEpochMilli() / cycle + 1) * cycle + phaseMs;
        List<Tick> ticks = new ArrayList<>();
        Instant preparedFor = null;
        java.util.concurrent.Future<?> pending = null;
        for (int n = 0; n < seconds * FPS; n++) {
            Instant t = Instant.ofEpochMilli(start + Math.round(n * 1000.0 / FPS));
            Schedule.NowPlaying np = Schedule.at(p, t);
            if (pending != null && preparedFor != null && !t.isBefore(preparedFor)) {
                try {
                    pending.get();
                } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                    throw new AssertionError(e);
                }
                pending = null;
            }
            if (!np.slotEnd().equals(preparedFor) && np.slotEnd().toEpochMilli() - t.toEpochMilli() <= 500) {
                Item next = Schedule.at(p, np.slotEnd()).item();
                if (worker == null) {
                    renderer.prepare(next);
                } else {
                    pending = worker.submit(() -> {
                        renderer.prepare(next);
                        return null;
                    });
                }
                preparedFor = np.slotEnd();
            }
            Frame f = new Frame(W, H);
            int opened = renderer.decodersOpened();
            renderer.render(np.item(), np.millisIntoItem(t), t, f);
            ticks.add(new Tick(t, np.item(), np.millisIntoItem(t), f, renderer.decodersOpened() != opened));
        }
        return ticks;
    }

    /** The decoded frame a video item must show at {@code millis}. */
    static Frame expected(Item item, long millis) {
        List<Frame> frames = item.id().startsWith("a") ? framesA : framesB;
        return frames.get((int) (millis * FPS / 1000 % frames.size()));
    }

    static void assertNoGap(List<Tick> ticks) {
        int switches = 0;
        for (int i = 0; i < ticks.size(); i++) {
            Tick tick = ticks.get(i);
            assertFalse(TestVideos.black(tick.frame()), "black frame at " + tick.at() + " (" + tick.item().id() + ")");
            if (tick.item().kind() == ItemKind.VIDEO) {
                assertTrue(expected(tick.item(), tick.millis()).samePixels(tick.frame()),
                        tick.item().id() + " at " + tick.millis() + " ms shows the frame the clock asks for");
            }
            if (i == 0) {
                continue;
            }
            Tick before = ticks.get(i - 1);
            boolean switched = !before.item().id().equals(tick.item().id()) || tick.millis() < before.millis();
            boolean moves = switched || tick.item().kind() == ItemKind.VIDEO
                    && tick.millis() * FPS / 1000 != before.millis() * FPS / 1000;
            if (moves) {
                assertFalse(tick.frame().samePixels(before.frame()), "frozen frame at " + tick.at() + " ("
                        + before.item().id() + " -> " + tick.item().id() + ")");
            }
            if (switched) {
                switches++;
                assertFalse(tick.openedDuringRender(), "a decoder was opened at the switch to " + tick.item().id()
                        + " at " + tick.at() + ": prepare() should have done it");
            }
        }
        assertTrue(switches >= 3, "crossed " + switches + " boundaries");
    }

    @Test
    void videoThenStillThenVideoThenTickerHasNoGapFrame() throws IOException {
        ItemRendererTest.CountingBlobs blobs = new ItemRendererTest.CountingBlobs();
        Frame picture = PngTest.noise(W, H, 42);
        Frame strip = TickerRenderer.strip("Layanan pengaduan: 112", W, H, new SlideStyle(0x202020, 0xFFD200, 0xFFFFFF));
        Playlist p = playlist(List.of(
                item("a-video", ItemKind.VIDEO, blobs.add(clipA), 1500),
                item("still", ItemKind.STILL, blobs.add(Png.encode(picture)), 1000),
                item("b-video", ItemKind.VIDEO, blobs.add(clipB), 2000),
                new Item("ticker", "ticker", ItemKind.TICKER, blobs.add(Png.encode(strip)), 1200, Priority.NORMAL,
                        Rules.ALWAYS, 120)));
        try (ItemRenderer renderer = new ItemRenderer(blobs, W, H)) {
            List<Tick> ticks = play(p, renderer, 12, 250);
            assertNoGap(ticks);
            assertTrue(renderer.decodersOpened() >= 4, "videos were opened (ahead of time): " + renderer.decodersOpened());
        }
    }

    @Test
    void prepareOnAWorkerThreadHandsTheDecoderToThePlayer() throws IOException {
        ItemRendererTest.CountingBlobs blobs = new ItemRendererTest.CountingBlobs();
        BlobSource shared = blob -> {
            synchronized (blobs) {                 // the counting store is not thread-safe; the renderer is
                return blobs.open(blob);
            }
        };
        Playlist p = playlist(List.of(
                item("a-video", ItemKind.VIDEO, blobs.add(clipA), 1500),
                item("still", ItemKind.STILL, blobs.add(Png.encode(PngTest.noise(W, H, 9))), 700),
                item("b-video", ItemKind.VIDEO, blobs.add(clipB), 1333)));
        java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (ItemRenderer renderer = new ItemRenderer(shared, W, H)) {
            assertNoGap(play(p, renderer, 8, 100, worker));
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void theSameVideoBackToBackLoopsWithoutAGap() throws IOException {
        ItemRendererTest.CountingBlobs blobs = new ItemRendererTest.CountingBlobs();
        Playlist p = playlist(List.of(item("a-sendiri", ItemKind.VIDEO, blobs.add(clipA), 1500)));
        try (ItemRenderer renderer = new ItemRenderer(blobs, W, H)) {
            List<Tick> ticks = play(p, renderer, 5, 0);
            assertNoGap(ticks);
        }
    }

    @Test
    void withoutPrepareTheSwitchOpensTheDecoderOnTheCriticalPath() throws IOException {
        ItemRendererTest.CountingBlobs blobs = new ItemRendererTest.CountingBlobs();
        Item still = item("still", ItemKind.STILL, blobs.add(Png.encode(PngTest.noise(W, H, 1))), 1000);
        Item video = item("a-video", ItemKind.VIDEO, blobs.add(clipA), 1500);
        try (ItemRenderer renderer = new ItemRenderer(blobs, W, H)) {
            Frame f = new Frame(W, H);
            renderer.render(still, 900, f);
            renderer.render(video, 0, f);
            assertEquals(1, renderer.decodersOpened(), "opened while drawing the first frame");
            renderer.prepare(video);
            int before = renderer.decodersOpened();
            renderer.render(video, 0, f);   // a new showing: the prepared decoder takes over, no seek, no open
            assertEquals(before, renderer.decodersOpened());
            assertTrue(framesA.get(0).samePixels(f));
        }
    }
}
