package id.layar.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * Test patterns for technicians at the wall: solid colours to find dead or miscoloured LEDs and modules, a grid with
 * coordinates to line up the sender card's capture window and check rotation, a gradient for colour depth, and a
 * moving bar to spot dropped frames and tearing.
 *
 * <p>The grid's outermost pixels are coloured by edge, so a cut-off or turned picture shows at a glance: top red,
 * right green, bottom blue, left yellow (corners take the top or bottom colour). Grid lines are dark grey every
 * {@link #minorSpacing} pixels and white every four of those, each white crossing labelled {@code x,y} with the
 * bundled font (when a label fits).
 *
 * <p>Only the grid allocates (a Java2D image for the labels, once per size: the result is cached); the other kinds
 * write pixels directly.
 */
public final class TestPattern {
    static final int RED = 0xFF0000;
    static final int GREEN = 0x00FF00;
    static final int BLUE = 0x0000FF;
    static final int WHITE = 0xFFFFFF;
    static final int YELLOW = 0xFFFF00;
    static final int MINOR_LINE = 0x404040;
    static final int MAJOR_LINE = 0xFFFFFF;
    /** The moving bar crosses the panel once per this many milliseconds. */
    static final long BAR_PERIOD_MILLIS = 4000;

    /** The patterns, with the names the technician API and the CLI use. */
    public enum Kind {
        RED("red"), GREEN("green"), BLUE("blue"), WHITE("white"), GRID("grid"), GRADIENT("gradient"), MOVING_BAR("moving-bar");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The kind named {@code name}, or null. */
        public static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.wireName.equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    private TestPattern() {
    }

    /** The last grid drawn, reused while the size stays the same. */
    private static Frame gridCache;

    /**
     * Draws {@code kind} into {@code target}, filling every pixel.
     *
     * @param millis time in milliseconds, used by the moving bar only (any clock: only differences matter)
     */
    public static void draw(Kind kind, long millis, Frame target) {
        switch (kind) {
            case RED -> target.fill(RED);
            case GREEN -> target.fill(GREEN);
            case BLUE -> target.fill(BLUE);
            case WHITE -> target.fill(WHITE);
            case GRID -> target.copyFrom(grid(target.width(), target.height()));
            case GRADIENT -> gradient(target);
            case MOVING_BAR -> movingBar(millis, target);
        }
    }

    /** Grid spacing: 16 pixels, or 8 on panels under 64 pixels on a side. */
    static int minorSpacing(int width, int height) {
        return Math.min(width, height) < 64 ? 8 : 16;
    }

    private static synchronized Frame grid(int w, int h) {
        Frame cached = gridCache;
        if (cached == null || cached.width() != w || cached.height() != h) {
            cached = drawGrid(w, h);
            gridCache = cached;
        }
        return cached;
    }

    private static Frame drawGrid(int w, int h) {
        int minor = minorSpacing(w, h);
        int major = minor * 4;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            boolean majorRow = y % major == 0;
            boolean minorRow = y % minor == 0;
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (x % major == 0 || majorRow) {
                    px[i] = MAJOR_LINE;
                } else if (x % minor == 0 || minorRow) {
                    px[i] = MINOR_LINE;
                }
            }
        }
        Graphics2D g = Text.graphics(image);
        try {
            float size = Math.max(7f, Math.min(14f, major / 5f));
            Font font = Fonts.regular(size);
            g.setFont(font);
            int ascent = (int) Math.ceil(font.getLineMetrics("0", Text.FRC).getAscent());
            for (int y = 0; y < h; y += major) {
                for (int x = 0; x < w; x += major) {
                    String label = x + "," + y;
                    int inkWidth = Text.inkWidth(font, label);
                    // Inside the cell, clear of the lines and the coloured edges, on black; only if it fits.
                    if (x + 4 + inkWidth < Math.min(w - 1, x + major) && y + 4 + ascent < Math.min(h - 1, y + major)) {
                        g.setColor(Color.BLACK);
                        g.fillRect(x + 1, y + 1, inkWidth + 4, ascent + 3);
                        g.setColor(Color.WHITE);
                        g.drawString(label, x + 3, y + 2 + ascent);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        // Edges last, so they win over lines and labels.
        for (int y = 0; y < h; y++) {
            px[y * w] = YELLOW;
            px[y * w + w - 1] = GREEN;
        }
        Arrays.fill(px, 0, w, RED);
        Arrays.fill(px, (h - 1) * w, h * w, BLUE);
        int[] out = new int[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = px[i] | 0xFF000000;
        }
        return new Frame(w, h, out);
    }

    /**
     * Four horizontal bands, red, green, blue and white, each running from black at the left edge to full at the
     * right, one step per column: banding shows a 16-bit framebuffer or a sender card set to fewer bits.
     */
    private static void gradient(Frame target) {
        int w = target.width();
        int h = target.height();
        int[] px = target.pixels();
        int[] masks = {RED, GREEN, BLUE, WHITE};
        for (int y = 0; y < h; y++) {
            int mask = masks[Math.min(3, y * 4 / h)];
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int v = w == 1 ? 255 : (int) ((x * 255L + (w - 1) / 2) / (w - 1));
                px[row + x] = 0xFF000000 | (v << 16 | v << 8 | v) & mask;
            }
        }
    }

    /** The left edge of the moving bar at {@code millis} on a panel {@code width} wide. */
    static int barX(long millis, int width) {
        long phase = Math.floorMod(millis, BAR_PERIOD_MILLIS);
        return (int) (phase * width / BAR_PERIOD_MILLIS);
    }

    /** The moving bar's width: an eighth of the panel, at least 2 pixels. */
    static int barWidth(int width) {
        return Math.max(2, width / 8);
    }

    /** A white vertical bar moving left to right across black, once per {@value #BAR_PERIOD_MILLIS} ms, wrapping. */
    private static void movingBar(long millis, Frame target) {
        int w = target.width();
        int h = target.height();
        int[] px = target.pixels();
        int left = barX(millis, w);
        int bw = Math.min(w, barWidth(w));
        Arrays.fill(px, 0xFF000000);
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int i = 0; i < bw; i++) {
                px[row + (left + i) % w] = 0xFFFFFFFF;
            }
        }
    }
}
