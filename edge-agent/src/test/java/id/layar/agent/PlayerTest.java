package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.TrustedRoot;
import id.layar.playlist.testing.TestKeys;
import id.layar.render.Frame;
import id.layar.render.PanelPort;
import id.layar.render.VirtualPanel;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlayerTest {
    private final Clock clock = Clock.fixed(TestKeys.NOW, ZoneOffset.UTC);
    private final VirtualPanel panel = new VirtualPanel(Bundles.W, Bundles.H);
    private final AtomicReference<TrustedRoot.Verified> accepted = new AtomicReference<>();
    private Player player;

    @AfterEach
    void stop() throws InterruptedException {
        if (player != null) {
            player.stop();
        }
    }

    private static TrustedRoot.Verified verified(long version, String itemId, int rgb) throws Exception {
        return TrustedRoot.load(TestKeys.rootEnvelope()).verifyPlaylist(
                Bundles.signed(Bundles.playlist(version, Bundles.still(itemId, Bundles.png(rgb)))), Bundles.CHANNEL, 0, TestKeys.NOW);
    }

    /** A painter that fills with a colour derived from the item id (no blobs needed). */
    private static Player.Painter colourPainter() {
        return (item, ms, now, target) -> target.fill(item.id().equals("red") ? Bundles.RED : Bundles.GREEN);
    }

    private void startPlayer(int fps, Player.Painter painter, PanelPort port) {
        player = new Player(port, clock, fps, accepted::get, playlist -> painter, Runnable::run);
        player.start();
    }

    @Test
    void blackWhenNothingIsAccepted() {
        startPlayer(50, colourPainter(), panel);
        panel.show(Bundles.solid(Bundles.RED)); // something else on the panel first
        Harness.waitUntil(() -> panel.framesShown() > 3 && panel.snapshot().samePixels(Bundles.solid(0)), "black frames");
        assertNull(player.playing());
    }

    @Test
    void swapsToANewlyAcceptedPlaylistAndTracksWhatPlays() throws Exception {
        startPlayer(50, colourPainter(), panel);
        accepted.set(verified(1, "red", Bundles.RED));
        Harness.waitUntil(() -> panel.snapshot().samePixels(Bundles.solid(Bundles.RED)), "red");
        assertEquals("red", player.playing().id());
        assertEquals(TestKeys.NOW, player.playing().since());
        accepted.set(verified(2, "green", Bundles.GREEN));
        Harness.waitUntil(() -> panel.snapshot().samePixels(Bundles.solid(Bundles.GREEN)), "green");
        assertEquals("green", player.playing().id());
    }

    @Test
    void renderFailureShowsBlackAndIsRecordedOncePerItem() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        startPlayer(50, (item, ms, now, target) -> {
            calls.incrementAndGet();
            target.fill(Bundles.RED); // half-drawn
            throw new IOException("blob is not a PNG");
        }, panel);
        accepted.set(verified(1, "red", Bundles.RED));
        Harness.waitUntil(() -> calls.get() >= 3, "three render attempts");
        StatusSnapshot.RenderError first = player.renderError();
        assertNotNull(first);
        assertEquals("red", first.item());
        assertTrue(first.detail().contains("blob is not a PNG"), first.detail());
        int before = calls.get();
        Harness.waitUntil(() -> calls.get() >= before + 3, "three more attempts");
        assertSame(first, player.renderError(), "recorded once per item, not every frame");
        assertTrue(panel.snapshot().samePixels(Bundles.solid(0)), "a failed render shows black, not half a picture");
    }

    @Test
    void pacesFramesAtTheConfiguredRate() throws InterruptedException {
        startPlayer(20, colourPainter(), panel);
        Harness.waitUntil(() -> panel.framesShown() > 0, "the first frame");
        long start = panel.framesShown();
        long t0 = System.nanoTime();
        Thread.sleep(1000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double fps = (panel.framesShown() - start) / seconds;
        assertTrue(fps > 12 && fps < 28, "expected about 20 frames a second, got " + fps);
    }

    @Test
    void lateFramesAreSkippedNotBurstToCatchUp() throws Exception {
        // The first ten frames take three periods each to draw (a slow decode): the player falls ~20 frames
        // behind. Afterwards it must carry on at its rate, not draw the missed frames in a burst.
        java.util.concurrent.ConcurrentLinkedQueue<Long> shownAt = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicInteger calls = new AtomicInteger();
        PanelPort wall = new PanelPort() {
            public int width() {
                return Bundles.W;
            }

            public int height() {
                return Bundles.H;
            }

            public void show(Frame f) {
                shownAt.add(System.nanoTime());
            }
        };
        startPlayer(50, (item, ms, now, target) -> {
            if (calls.incrementAndGet() <= 10) {
                try {
                    Thread.sleep(60);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            target.fill(Bundles.RED);
        }, wall);
        accepted.set(verified(1, "red", Bundles.RED));
        Harness.waitUntil(() -> calls.get() >= 40, "40 frames");
        List<Long> after = shownAt.stream().skip(shownAt.size() - 30).toList();
        long spanMs = (after.get(after.size() - 1) - after.get(0)) / 1_000_000;
        assertTrue(spanMs >= 400, "30 frames at 50 fps take about 580 ms; they took " + spanMs + " ms (a catch-up burst)");
        assertTrue(player.framesSkipped() >= 10, "skipped " + player.framesSkipped());
    }

    @Test
    void lastFrameIsACopyOfWhatWasShown() throws Exception {
        // A port that is not a VirtualPanel: the player keeps the copy.
        Frame[] onWall = {null};
        PanelPort wall = new PanelPort() {
            public int width() {
                return Bundles.W;
            }

            public int height() {
                return Bundles.H;
            }

            public void show(Frame f) {
                onWall[0] = f.copy();
            }
        };
        startPlayer(50, colourPainter(), wall);
        accepted.set(verified(1, "red", Bundles.RED));
        Harness.waitUntil(() -> onWall[0] != null && onWall[0].samePixels(Bundles.solid(Bundles.RED)), "red on the wall");
        Frame copy = player.lastFrame().get(5, TimeUnit.SECONDS);
        assertTrue(copy.samePixels(Bundles.solid(Bundles.RED)));
        assertSame(copy, player.lastFrame().get(5, TimeUnit.SECONDS), "a fresh copy is reused, not copied again");
    }

    @Test
    void runsOnAThreadNamedPlayer() {
        startPlayer(10, colourPainter(), panel);
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("player") && t.isAlive()));
    }

    @Test
    void nextItemIsPreparedBeforeTheSlotEndsAndOldPainterClosedOnNewPlaylist() throws Exception {
        id.layar.playlist.Playlist two = Bundles.playlist(1, Bundles.still("red", Bundles.png(Bundles.RED)),
                Bundles.still("green", Bundles.png(Bundles.GREEN)));
        TrustedRoot.Verified v1 = TrustedRoot.load(TestKeys.rootEnvelope()).verifyPlaylist(Bundles.signed(two), Bundles.CHANNEL, 0, TestKeys.NOW);
        id.layar.playlist.Schedule.NowPlaying np = id.layar.playlist.Schedule.at(two, TestKeys.NOW);
        String next = id.layar.playlist.Schedule.at(two, np.until()).item().id();
        java.util.concurrent.ConcurrentLinkedQueue<String> prepared = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicInteger closed = new AtomicInteger();
        Player.Painter painter = new Player.Painter() {
            public void render(id.layar.playlist.Item item, long ms, java.time.Instant now, Frame target) {
                target.fill(item.id().equals("red") ? Bundles.RED : Bundles.GREEN);
            }

            public void prepare(id.layar.playlist.Item item) {
                prepared.add(item.id());
            }

            public void close() {
                closed.incrementAndGet();
            }
        };
        // Well before the end of the slot nothing is prepared; 0.5 s before it, the next item is.
        AtomicReference<java.time.Instant> now = new AtomicReference<>(np.slotStart().plusMillis(100));
        Clock moving = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public java.time.Instant instant() {
                return now.get();
            }
        };
        accepted.set(v1);
        player = new Player(panel, moving, 50, accepted::get, playlist -> painter, Runnable::run);
        player.start();
        Harness.waitUntil(() -> panel.framesShown() > 5, "frames");
        assertTrue(prepared.isEmpty(), "nothing is prepared 9.9 s before the switch: " + prepared);
        now.set(np.until().minusMillis(500));
        Harness.waitUntil(() -> !prepared.isEmpty(), "the next item to be prepared");
        assertEquals(next, prepared.peek());
        Thread.sleep(100);
        assertEquals(1, prepared.size(), "prepared once per slot, not every frame");

        accepted.set(verified(2, "red", Bundles.RED));
        Harness.waitUntil(() -> closed.get() == 1, "the old painter to be closed");
    }
}
