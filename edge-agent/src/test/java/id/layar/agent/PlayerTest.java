package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.TrustedRoot;
import id.layar.playlist.proof.PlayRecord;
import id.layar.playlist.testing.MutableClock;
import id.layar.playlist.testing.TestKeys;
import id.layar.render.TestPattern;
import id.layar.render.Frame;
import id.layar.render.PanelPort;
import id.layar.render.VirtualPanel;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
        startPlayer(fps, painter, port, clock, p -> { });
    }

    private void startPlayer(int fps, Player.Painter painter, PanelPort port, Clock c,
                             java.util.function.Consumer<Player> beforeStart) {
        player = new Player(port, c, fps, accepted::get, playlist -> painter, Runnable::run);
        beforeStart.accept(player);
        player.start();
    }

    /** What the player reported, as "item version outcome start end" relative to NOW in seconds. */
    private record Play(String item, long version, PlayRecord.Outcome outcome, long startS, long endS) {
    }

    private static Play play(Instant base, id.layar.playlist.Item item, long version, Instant start, Instant end,
                             PlayRecord.Outcome outcome) {
        return new Play(item.id(), version, outcome, start.getEpochSecond() - base.getEpochSecond(),
                end.getEpochSecond() - base.getEpochSecond());
    }

    @Test
    void panelSwitchedOffShowsBlackOnceThenPresentsNothing() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean on = new java.util.concurrent.atomic.AtomicBoolean(true);
        startPlayer(50, colourPainter(), panel, clock, p -> p.showWhen(now -> on.get()));
        accepted.set(verified(1, "red", Bundles.RED));
        Harness.waitUntil(() -> panel.snapshot().samePixels(Bundles.solid(Bundles.RED)), "red");
        on.set(false);
        Harness.waitUntil(() -> player.idle() && panel.snapshot().samePixels(Bundles.solid(0)), "black and idle");
        assertNull(player.playing(), "nothing is on air while the panel is off");
        long shown = panel.framesShown();
        Thread.sleep(200); // ten frame periods at 50 fps: an active player would present ten frames
        assertEquals(shown, panel.framesShown(), "an idle player presents nothing");
        on.set(true);
        Harness.waitUntil(() -> panel.snapshot().samePixels(Bundles.solid(Bundles.RED)), "red again once the panel is on");
        assertTrue(!player.idle());
    }

    @Test
    void testPatternReplacesTheContentUntilCleared() throws Exception {
        startPlayer(50, colourPainter(), panel);
        accepted.set(verified(1, "red", Bundles.RED));
        Harness.waitUntil(() -> panel.snapshot().samePixels(Bundles.solid(Bundles.RED)), "red");
        player.testPattern(TestPattern.Kind.BLUE, null);
        Harness.waitUntil(() -> panel.snapshot().samePixels(Bundles.solid(0x0000FF)), "the blue test pattern");
        assertNull(player.playing(), "a test pattern is not content on air");
        assertEquals(TestPattern.Kind.BLUE, player.testPattern().kind());
        player.clearTestPattern();
        Harness.waitUntil(() -> panel.snapshot().samePixels(Bundles.solid(Bundles.RED)), "back to the content");
    }

    @Test
    void testPatternEndsByItselfAtItsTime() throws Exception {
        MutableClock c = new MutableClock(TestKeys.NOW);
        startPlayer(50, colourPainter(), panel, c, p -> { });
        accepted.set(verified(1, "red", Bundles.RED));
        player.testPattern(TestPattern.Kind.GREEN, TestKeys.NOW.plusSeconds(60));
        Harness.waitUntil(() -> panel.snapshot().samePixels(Bundles.solid(0x00FF00)), "the green test pattern");
        c.set(TestKeys.NOW.plusSeconds(61));
        Harness.waitUntil(() -> panel.snapshot().samePixels(Bundles.solid(Bundles.RED)), "the content after 60 s");
        assertNull(player.testPattern());
    }

    @Test
    void eachSlotOnTheWallIsReportedOnceWithHowItEnded() throws Exception {
        MutableClock c = new MutableClock(TestKeys.NOW);
        List<Play> plays = new CopyOnWriteArrayList<>();
        startPlayer(50, colourPainter(), panel, c, p -> p.onPlay((item, version, start, end, outcome) ->
                plays.add(play(TestKeys.NOW, item, version, start, end, outcome))));
        byte[] png = Bundles.png(Bundles.RED);
        // Two 10 s items in a loop: red then green.
        accepted.set(TrustedRoot.load(TestKeys.rootEnvelope()).verifyPlaylist(Bundles.signed(Bundles.playlist(4,
                Bundles.still("red", png), Bundles.still("green", png))), Bundles.CHANNEL, 0, TestKeys.NOW));
        Harness.waitUntil(() -> player.playing() != null, "the first item on air");
        String first = player.playing().id();
        // The loop position comes from wall-clock time: move to just past the end of the current slot.
        long before = panel.framesShown();
        Harness.waitUntil(() -> panel.framesShown() > before + 2, "a few frames");
        c.set(TestKeys.NOW.plusSeconds(10));
        Harness.waitUntil(() -> !plays.isEmpty(), "the first play to be reported");
        Play p1 = plays.get(0);
        assertEquals(first, p1.item());
        assertEquals(4, p1.version());
        assertEquals(PlayRecord.Outcome.PLAYED, p1.outcome(), "its slot ran out: played");
        assertEquals(0, p1.startS());
        assertTrue(p1.endS() >= 0 && p1.endS() <= 10, p1.toString());
        // A new playlist cuts the second item short.
        c.set(TestKeys.NOW.plusSeconds(12));
        accepted.set(verified(5, "blue", Bundles.GREEN));
        Harness.waitUntil(() -> plays.size() >= 2, "the cut play to be reported");
        Play p2 = plays.get(1);
        assertEquals(PlayRecord.Outcome.CUT, p2.outcome(), p2.toString());
        assertEquals(4, p2.version());
        assertEquals(12, p2.endS());
        player.stop();
        player = null;
        assertEquals(3, plays.size(), "stopping ends the play on the wall: " + plays);
        assertEquals("blue", plays.get(2).item());
        assertEquals(PlayRecord.Outcome.CUT, plays.get(2).outcome());
    }

    @Test
    void anItemThatCannotBeDrawnIsReportedAsFailed() throws Exception {
        List<Play> plays = new CopyOnWriteArrayList<>();
        startPlayer(50, (item, ms, now, target) -> {
            throw new IOException("broken blob");
        }, panel, clock, p -> p.onPlay((item, version, start, end, outcome) ->
                plays.add(play(TestKeys.NOW, item, version, start, end, outcome))));
        accepted.set(verified(1, "red", Bundles.RED));
        Harness.waitUntil(() -> player.renderError() != null, "the render error");
        accepted.set(verified(2, "green", Bundles.GREEN));
        Harness.waitUntil(() -> !plays.isEmpty(), "the failed play to be reported");
        assertEquals(PlayRecord.Outcome.FAILED, plays.get(0).outcome());
        assertEquals("red", plays.get(0).item());
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
