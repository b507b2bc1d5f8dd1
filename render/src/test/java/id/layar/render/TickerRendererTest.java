package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class TickerRendererTest {
    static final SlideStyle STYLE = new SlideStyle(0x000000, 0xFFD200, 0xFFFFFF);
    static final String TEXT = "Layanan pengaduan masyarakat: SMS/WA 0812-0000-0000 — Kafé";
    static final int W = 320;
    static final int H = 64;
    /** 125 px/s: one pixel every 8 ms, so whole-pixel moments are whole milliseconds. */
    static final int SPEED = 125;

    @Test
    void stripIsAsTallAsThePanelWithBackgroundInColumnZeroAndTextInTheMiddleRows() {
        Frame strip = TickerRenderer.strip(TEXT, W, H, STYLE);
        assertEquals(H, strip.height());
        for (int y = 0; y < H; y++) {
            assertEquals(0xFF000000, strip.get(0, y), "column 0 row " + y);
        }
        // The gap after the text is background, half a panel wide.
        for (int x = strip.width() - W / 2; x < strip.width(); x++) {
            for (int y = 0; y < H; y++) {
                assertEquals(0xFF000000, strip.get(x, y), "gap at " + x + "," + y);
            }
        }
        int top = H;
        int bottom = -1;
        int solid = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < strip.width(); x++) {
                int p = strip.get(x, y) & 0xFFFFFF;
                if (p != 0) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
                solid += p == STYLE.color() ? 1 : 0;
            }
        }
        assertTrue(solid > 1000, "text in the text colour: " + solid);
        assertTrue(top >= 6 && bottom <= H - 7, "text is vertically inside the panel: rows " + top + ".." + bottom);
        int spare = Math.abs(top - (H - 1 - bottom));
        assertTrue(spare <= H / 5, "roughly centred: rows " + top + ".." + bottom);
        assertTrue(bottom - top + 1 >= H / 2, "text ink is tall: " + (bottom - top + 1) + " of " + H);
    }

    @Test
    void threeArgumentStripUsesAGapOfOnePanelHeight() {
        Frame narrow = TickerRenderer.strip(TEXT, H, STYLE);
        Frame wide = TickerRenderer.strip(TEXT, W, H, STYLE);
        assertEquals(wide.width() - W / 2 + H, narrow.width());
    }

    @Test
    void atTimeZeroTheFrameIsAllBackground() {
        Frame strip = TickerRenderer.strip(TEXT, W, H, STYLE);
        Frame target = new Frame(W, H);
        target.fill(0x123456);
        TickerRenderer.compose(strip, 0, SPEED, target);
        assertTrue(target.samePixels(background(W, H)));
    }

    @Test
    void afterMovingKPixelsEachColumnShowsTheMatchingStripColumn() {
        Frame strip = TickerRenderer.strip(TEXT, W, H, STYLE);
        Frame target = new Frame(W, H);
        boolean sawText = false;
        for (int k : new int[] {1, 7, 96, W - 1, W, W + 13, strip.width(), strip.width() + W - 1}) {
            long millis = k * 1000L / SPEED + (k * 1000L % SPEED == 0 ? 0 : 1);   // first ms at which moved k
            assertEquals(k, SPEED * millis / 1000, "moved " + k);
            TickerRenderer.compose(strip, millis, SPEED, target);
            for (int x = 0; x < W; x++) {
                int sx = x - (W - k);
                for (int y = 0; y < H; y++) {
                    int expected = sx >= 0 && sx < strip.width() ? strip.get(sx, y) : strip.get(0, y);
                    assertEquals(expected, target.get(x, y), "k=" + k + " at " + x + "," + y);
                    sawText |= (expected & 0xFFFFFF) != 0;
                }
            }
        }
        assertTrue(sawText, "the checked offsets show some text");
    }

    @Test
    void durationIsTheTimeToCrossThePanelRoundedUp() {
        assertEquals(18_417, TickerRenderer.durationMs(1000, 768, 96));   // 1768000 / 96 = 18416.67
        assertEquals(20_000, TickerRenderer.durationMs(1232, 768, 100));  // exact
        Frame strip = TickerRenderer.strip(TEXT, W, H, STYLE);
        long expected = -Math.floorDiv(-(strip.width() + W) * 1000L, SPEED);
        assertEquals(expected, TickerRenderer.durationMs(strip.width(), W, SPEED));
    }

    @Test
    void afterTheDurationTheFrameIsBackgroundAgainAndJustBeforeItIsNot() {
        Frame strip = TickerRenderer.strip(TEXT, W, H, STYLE);
        // No gap, so the last text column leaves exactly at the end.
        Frame tight = new Frame(strip.width() - W / 2, H);
        for (int y = 0; y < H; y++) {
            System.arraycopy(strip.pixels(), y * strip.width(), tight.pixels(), y * tight.width(), tight.width());
        }
        long end = TickerRenderer.durationMs(strip.width(), W, SPEED);
        Frame target = new Frame(W, H);
        TickerRenderer.compose(strip, end, SPEED, target);
        assertTrue(target.samePixels(background(W, H)));
        TickerRenderer.compose(strip, end * 10, SPEED, target);
        assertTrue(target.samePixels(background(W, H)));

        long tightEnd = TickerRenderer.durationMs(tight.width(), W, SPEED);
        TickerRenderer.compose(tight, tightEnd, SPEED, target);
        assertTrue(target.samePixels(background(W, H)));
        // A moment earlier the strip's last 20 columns (the end of the text) are still at the left edge.
        TickerRenderer.compose(tight, tightEnd - 20 * 1000L / SPEED, SPEED, target);
        assertTrue(!target.samePixels(background(W, H)), "text still visible near the end");
    }

    @Test
    void uncoveredAreaTakesTheStripColumnZeroColoursRowByRow() {
        Frame strip = new Frame(4, 3);
        strip.set(0, 0, 0x112233);
        strip.set(0, 1, 0x445566);
        strip.set(0, 2, 0x778899);
        strip.set(1, 1, 0xFFFFFF);
        Frame target = new Frame(10, 3);
        TickerRenderer.compose(strip, 5000, 1, target);                  // moved 5: strip at x = 5..8
        assertEquals(0xFF112233, target.get(0, 0));
        assertEquals(0xFF445566, target.get(4, 1));
        assertEquals(0xFFFFFFFF, target.get(6, 1));
        assertEquals(0xFF778899, target.get(9, 2));
    }

    @Test
    void stripOfAnotherHeightIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TickerRenderer.compose(new Frame(100, 32), 0, SPEED, new Frame(W, H)));
        assertTrue(e.getMessage().contains("100x32") && e.getMessage().contains(W + "x" + H), e.getMessage());
    }

    @Test
    void emptyTextIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TickerRenderer.strip("  \n ", W, H, STYLE));
        assertTrue(e.getMessage().startsWith("ticker text"), e.getMessage());
    }

    @Test
    void textTooLongForOneStripIsRefusedBeforeDrawing() {
        String text = String.join(" ", java.util.Collections.nCopies(300, "pengumuman"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TickerRenderer.strip(text, 768, 384, STYLE));
        assertTrue(e.getMessage().startsWith("ticker text: " + text.length() + " characters"), e.getMessage());
    }

    @Test
    void composeAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Frame strip = TickerRenderer.strip(TEXT, 768, 384, STYLE);
        Frame target = new Frame(768, 384);
        for (int i = 0; i < 2000; i++) {                                   // warm up
            TickerRenderer.compose(strip, i * 33L, SPEED, target);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            TickerRenderer.compose(strip, i * 33L, SPEED, target);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1000, "1000 frames allocated " + allocated + " bytes");
    }

    /** A strip of {@code width} black columns with one white column at {@code line}. */
    static Frame lineStrip(int width, int height, int line) {
        Frame f = new Frame(width, height);
        for (int y = 0; y < height; y++) {
            f.set(line, y, 0xFFFFFF);
        }
        return f;
    }

    /** The brightness-weighted centre of row 0's white, in panel columns; NaN when there is none. */
    static double centroid(Frame f) {
        double sum = 0;
        double weighted = 0;
        for (int x = 0; x < f.width(); x++) {
            int v = f.get(x, 0) & 0xFF;
            sum += v;
            weighted += v * (x + 0.5);
        }
        return sum == 0 ? Double.NaN : weighted / sum - 0.5;
    }

    @Test
    void aPositionBetweenPixelsMixesTheTwoColumns() {
        Frame strip = lineStrip(4, 2, 1);
        Frame target = new Frame(8, 2);
        TickerRenderer.compose(strip, 2000, 1, target);        // moved 2 px: the line is column 7
        assertEquals(0xFFFFFFFF, target.get(7, 0));
        assertEquals(7.0, centroid(target), 0.01);
        TickerRenderer.compose(strip, 2500, 1, target);        // moved 2.5 px: the line spans columns 6 and 7
        assertEquals(0xFF808080, target.get(6, 0));
        assertEquals(0xFF808080, target.get(7, 0));
        assertEquals(0xFF000000, target.get(5, 0));
        assertEquals(6.5, centroid(target), 0.01);
    }

    @Test
    void at96PxPerSecondAnd30FpsEveryFrameMovesTheSame3Point2Pixels() {
        int w = 320;
        Frame strip = lineStrip(40, 4, 5);
        Frame target = new Frame(w, 4);
        double previous = Double.NaN;
        int measured = 0;
        for (int n = 0; n < 90; n++) {
            long ms = Math.round(n * 1000.0 / 30);          // the player's clock: whole milliseconds, 33 or 34 apart
            TickerRenderer.compose(strip, ms, 96, target);
            double x = centroid(target);
            if (!Double.isNaN(previous) && !Double.isNaN(x)) {
                double step = previous - x;
                assertEquals(96.0 * (ms - Math.round((n - 1) * 1000.0 / 30)) / 1000, step, 0.02, "frame " + n);
                assertEquals(3.2, step, 0.1, "frame " + n + ": uniform steps, not 3, 3, 3, 3, 4");
                measured++;
            }
            previous = x;
        }
        assertTrue(measured > 60, "the line was on the panel for " + measured + " frame steps");
    }

    @Test
    void theSameTickerBackToBackKeepsMovingWithoutAJump() {
        int w = 64;
        int speed = 96;
        Frame strip = lineStrip(40, 4, 5);
        long duration = TickerRenderer.durationMs(strip.width(), w, speed);
        double period = strip.width() + w;                     // the tape: the strip, then a panel of background
        Frame target = new Frame(w, 4);
        int seenInSecond = 0;
        // Two showings back to back, the player's frames at 30 fps with an arbitrary phase against the slots.
        for (int n = 0; n < 2 * duration * 30 / 1000; n++) {
            long t = 7 + Math.round(n * 1000.0 / 30);
            long slotStart = t < duration ? 0 : duration;
            if (t >= 2 * duration) {
                break;
            }
            TickerRenderer.compose(strip, t - slotStart, speed, target);
            // Where one continuous tape puts the line: the first pass, or the next one a period behind it.
            double first = w + 5 - speed * t / 1000.0;
            double expected = first >= -1 ? first : first + period;
            double x = centroid(target);
            if (expected < 1 || expected > w - 2) {
                continue;                                      // entering or leaving: partly off the panel
            }
            assertEquals(expected, x, 0.15, "at " + t + " ms (showing " + (slotStart == 0 ? 1 : 2) + ")");
            seenInSecond += slotStart > 0 ? 1 : 0;
        }
        assertTrue(seenInSecond > 10, "the second pass was checked on " + seenInSecond + " frames");
    }

    static Frame background(int w, int h) {
        Frame f = new Frame(w, h);
        f.fill(STYLE.background());
        return f;
    }
}
