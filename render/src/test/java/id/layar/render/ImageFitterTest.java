package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageFitterTest {
    static final int BLACK = 0xFF000000;
    static final int RED = 0xFFFF0000;
    static final int GREEN = 0xFF00FF00;
    static final int BLUE = 0xFF0000FF;
    static final int WHITE = 0xFFFFFFFF;

    static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    @Test
    void fitLetterboxesAWideImageWithBlackBarsAboveAndBelow() {
        Frame f = ImageFitter.fit(solid(200, 100, RED), 100, 100, FitMode.FIT);
        assertEquals(100, f.width());
        assertEquals(100, f.height());
        // Content is 100x50, centred: rows 25..74.
        for (int x = 0; x < 100; x++) {
            for (int y = 0; y < 25; y++) {
                assertEquals(BLACK, f.get(x, y), "top bar at " + x + "," + y);
                assertEquals(BLACK, f.get(x, 99 - y), "bottom bar at " + x + "," + (99 - y));
            }
            for (int y = 25; y < 75; y++) {
                assertEquals(RED, f.get(x, y), "picture at " + x + "," + y);
            }
        }
    }

    @Test
    void fitPillarboxesATallImageWithBarsLeftAndRight() {
        Frame f = ImageFitter.fit(solid(30, 90, GREEN), 120, 60, FitMode.FIT);
        // Scale 2/3: content 20x60 centred at x 50..69.
        for (int y = 0; y < 60; y++) {
            assertEquals(BLACK, f.get(49, y));
            assertEquals(GREEN, f.get(50, y));
            assertEquals(GREEN, f.get(69, y));
            assertEquals(BLACK, f.get(70, y));
        }
    }

    @Test
    void fillCoversEveryPixelAndCropsTheSides() {
        // Blue outer thirds, red middle third: FILL into a square keeps only the (red) middle.
        BufferedImage source = solid(300, 100, BLUE);
        for (int y = 0; y < 100; y++) {
            for (int x = 100; x < 200; x++) {
                source.setRGB(x, y, RED);
            }
        }
        Frame f = ImageFitter.fit(source, 50, 50, FitMode.FILL);
        assertEquals(50, f.width());
        assertEquals(50, f.height());
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 50; x++) {
                assertNotEquals(BLACK, f.get(x, y), "no bar at " + x + "," + y);
                int p = f.get(x, y);
                assertTrue((p >> 16 & 0xFF) > (p & 0xFF), "red dominates at " + x + "," + y);
            }
            for (int x = 3; x < 47; x++) {
                assertEquals(RED, f.get(x, y), "cropped-away blue shows at " + x + "," + y);
            }
        }
    }

    @Test
    void stretchMapsCornersToCorners() {
        BufferedImage source = solid(200, 100, RED);               // top left red
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                boolean right = x >= 100;
                boolean bottom = y >= 50;
                source.setRGB(x, y, right ? (bottom ? WHITE : GREEN) : (bottom ? BLUE : RED));
            }
        }
        Frame f = ImageFitter.fit(source, 50, 80, FitMode.STRETCH);
        assertEquals(RED, f.get(0, 0));
        assertEquals(GREEN, f.get(49, 0));
        assertEquals(BLUE, f.get(0, 79));
        assertEquals(WHITE, f.get(49, 79));
        // Aspect ignored: the quadrant boundaries land at the middle of the output.
        assertEquals(RED, f.get(20, 35));
        assertEquals(WHITE, f.get(29, 44));
    }

    @Test
    void outputIsAlwaysExactlyTheRequestedSize() {
        int[][] sources = {{1, 1}, {3, 7}, {1000, 10}, {10, 1000}, {768, 384}, {769, 383}};
        int[][] targets = {{768, 384}, {16, 16}, {1, 1}, {1280, 720}, {17, 300}};
        for (int[] s : sources) {
            for (int[] t : targets) {
                for (FitMode mode : FitMode.values()) {
                    Frame f = ImageFitter.fit(solid(s[0], s[1], WHITE), t[0], t[1], mode);
                    String what = s[0] + "x" + s[1] + " -> " + t[0] + "x" + t[1] + " " + mode;
                    assertEquals(t[0], f.width(), what);
                    assertEquals(t[1], f.height(), what);
                }
            }
        }
    }

    @Test
    void downscalingAveragesFineDetailInsteadOfSkippingPixels() {
        // A one-pixel checkerboard: nearest-neighbour sampling would give all black or all white.
        BufferedImage checker = new BufferedImage(400, 400, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 400; y++) {
            for (int x = 0; x < 400; x++) {
                checker.setRGB(x, y, (x + y) % 2 == 0 ? WHITE : BLACK);
            }
        }
        Frame f = ImageFitter.fit(checker, 100, 100, FitMode.STRETCH);
        for (int p : f.pixels()) {
            int r = p >> 16 & 0xFF;
            assertTrue(Math.abs(r - 128) <= 4, "grey expected, found " + r);
        }
    }

    @Test
    void sameInputGivesTheSamePixels() {
        BufferedImage photo = PngTest.noise(333, 222, 7).toImage();
        for (FitMode mode : FitMode.values()) {
            Frame a = ImageFitter.fit(photo, 128, 64, mode);
            Frame b = ImageFitter.fit(photo, 128, 64, mode);
            assertTrue(a.samePixels(b), mode.toString());
        }
    }

    @Test
    void sameSizeStretchIsAnExactCopy() {
        Frame noise = PngTest.noise(64, 32, 8);
        assertTrue(noise.samePixels(ImageFitter.fit(noise.toImage(), 64, 32, FitMode.STRETCH)));
    }
}
