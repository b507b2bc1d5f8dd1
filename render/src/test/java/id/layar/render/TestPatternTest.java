package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TestPatternTest {

    @Test
    void solidPatternsFillEveryPixelWithTheirColour() {
        Frame f = new Frame(40, 20);
        int[][] cases = {{0, 0xFFFF0000}, {1, 0xFF00FF00}, {2, 0xFF0000FF}, {3, 0xFFFFFFFF}};
        TestPattern.Kind[] kinds = {TestPattern.Kind.RED, TestPattern.Kind.GREEN, TestPattern.Kind.BLUE, TestPattern.Kind.WHITE};
        for (int[] c : cases) {
            f.fill(0x123456);
            TestPattern.draw(kinds[c[0]], 0, f);
            for (int y = 0; y < f.height(); y++) {
                for (int x = 0; x < f.width(); x++) {
                    assertEquals(c[1], f.get(x, y), kinds[c[0]] + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void gridEdgesAreColouredSoRotationAndCroppingShow() {
        Frame f = new Frame(192, 96);
        TestPattern.draw(TestPattern.Kind.GRID, 0, f);
        assertEquals(0xFFFF0000, f.get(100, 0), "top edge red");
        assertEquals(0xFF00FF00, f.get(191, 50), "right edge green");
        assertEquals(0xFF0000FF, f.get(100, 95), "bottom edge blue");
        assertEquals(0xFFFFFF00, f.get(0, 50), "left edge yellow");
        assertEquals(0xFFFF0000, f.get(0, 0), "corners take the top colour");
        assertEquals(0xFF0000FF, f.get(191, 95), "and the bottom colour");
    }

    @Test
    void gridHasMinorAndMajorLinesAtTheirSpacing() {
        Frame f = new Frame(192, 96);
        TestPattern.draw(TestPattern.Kind.GRID, 0, f);
        assertEquals(16, TestPattern.minorSpacing(192, 96));
        assertEquals(0xFFFFFFFF, f.get(64, 40), "major line every 64 px");
        assertEquals(0xFF404040, f.get(16, 40), "minor line every 16 px");
        assertEquals(0xFF404040, f.get(40, 48), "minor horizontal line");
        assertEquals(0xFF000000, f.get(40, 40), "black between lines");
    }

    @Test
    void gridLabelsTheMajorCrossingsWithTheBundledFont() {
        Frame f = new Frame(192, 96);
        TestPattern.draw(TestPattern.Kind.GRID, 0, f);
        // The label "64,0" sits just inside the cell right of x=64, below the top edge: ink off the grid lines.
        int ink = 0;
        for (int y = 2; y < 16; y++) {
            for (int x = 66; x < 100; x++) {
                if (x % 16 != 0 && (f.get(x, y) & 0xFFFFFF) != 0) {
                    ink++;
                }
            }
        }
        assertTrue(ink > 10, "expected label ink near (66..100, 2..16); found " + ink + " pixels");
        // Away from the labels and the lines the cell is black.
        int blank = 0;
        for (int y = 20; y < 30; y++) {
            for (int x = 100; x < 110; x++) {
                int p = f.get(x, y) & 0xFFFFFF;
                if (p != 0 && p != 0x404040) {
                    blank++;
                }
            }
        }
        assertEquals(0, blank, "nothing but black and minor lines away from labels");
    }

    @Test
    void gridIsTheSameEveryTimeAndForgetsNothingBetweenSizes() {
        Frame a = new Frame(128, 64);
        Frame b = new Frame(96, 32);
        Frame c = new Frame(128, 64);
        TestPattern.draw(TestPattern.Kind.GRID, 0, a);
        TestPattern.draw(TestPattern.Kind.GRID, 999, b);
        c.fill(0x00FF00);
        TestPattern.draw(TestPattern.Kind.GRID, 5, c);
        assertTrue(a.samePixels(c));
        assertEquals(8, TestPattern.minorSpacing(96, 32), "small panels get a finer grid");
        assertEquals(0xFF404040, b.get(8, 20));
    }

    @Test
    void gradientRunsFromBlackToFullInFourBands() {
        Frame f = new Frame(256, 64);
        TestPattern.draw(TestPattern.Kind.GRADIENT, 0, f);
        assertEquals(0xFF000000, f.get(0, 0));
        assertEquals(0xFFFF0000, f.get(255, 0), "red band");
        assertEquals(0xFF00FF00, f.get(255, 20), "green band");
        assertEquals(0xFF0000FF, f.get(255, 40), "blue band");
        assertEquals(0xFFFFFFFF, f.get(255, 63), "white band");
        assertEquals(0xFF808080, f.get(128, 63), "one step per column");
        for (int x = 1; x < 256; x++) {
            assertTrue((f.get(x, 63) & 0xFF) >= (f.get(x - 1, 63) & 0xFF), "never gets darker to the right");
        }
    }

    @Test
    void movingBarMovesWithTimeAndWraps() {
        Frame f = new Frame(80, 8);
        TestPattern.draw(TestPattern.Kind.MOVING_BAR, 0, f);
        assertEquals(0xFFFFFFFF, f.get(0, 4));
        assertEquals(0xFF000000, f.get(40, 4));
        TestPattern.draw(TestPattern.Kind.MOVING_BAR, TestPattern.BAR_PERIOD_MILLIS / 2, f);
        assertEquals(0xFF000000, f.get(0, 4), "the bar left the left edge");
        assertEquals(0xFFFFFFFF, f.get(40, 4), "and is halfway across after half a period");
        int lit = 0;
        for (int x = 0; x < 80; x++) {
            lit += f.get(x, 7) == 0xFFFFFFFF ? 1 : 0;
        }
        assertEquals(TestPattern.barWidth(80), lit);
        // Near the end of the period the bar wraps around the right edge.
        TestPattern.draw(TestPattern.Kind.MOVING_BAR, TestPattern.BAR_PERIOD_MILLIS - 50, f);
        assertEquals(0xFFFFFFFF, f.get(79, 0));
        assertEquals(0xFFFFFFFF, f.get(0, 0));
        assertEquals(TestPattern.barX(0, 80), TestPattern.barX(TestPattern.BAR_PERIOD_MILLIS, 80), "periodic");
        assertNotEquals(TestPattern.barX(0, 80), TestPattern.barX(1000, 80));
    }

    @Test
    void kindsHaveStableWireNames() {
        assertEquals(TestPattern.Kind.MOVING_BAR, TestPattern.Kind.parse("moving-bar"));
        assertEquals(TestPattern.Kind.GRID, TestPattern.Kind.parse("grid"));
        assertNull(TestPattern.Kind.parse("Grid"));
    }
}
