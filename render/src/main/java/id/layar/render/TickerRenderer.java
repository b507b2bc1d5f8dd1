package id.layar.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.font.GlyphVector;
import java.awt.font.LineMetrics;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * Running text. The packager renders the text once into a strip (a PNG blob as tall as the panel); the device
 * scrolls it right to left with {@link #compose}, which only copies rows and allocates nothing.
 *
 * <p>At time t the strip's left edge is at {@code x = panelWidth - speed * t / 1000} (to a thousandth of a pixel,
 * see {@link #compose}): at t = 0 it is just beyond the right edge, and after {@link #durationMs} it has left at the
 * left edge. Each showing starts and ends with the text off the panel, so when the same ticker plays again at once
 * (a loop of one, or the same item back to back) the text keeps moving at the same speed with no jump: the next
 * pass enters at the right as the gap after the previous one scrolls by.
 */
public final class TickerRenderer {
    /** Line height (ascent + descent) as a share of the panel height. */
    static final float TEXT_HEIGHT = 0.60f;

    private TickerRenderer() {
    }

    /**
     * A strip as tall as the panel holding the text once, with the style's background, followed by a gap of
     * {@code panelHeight} pixels (half the width of the common 2:1 panels) so a looping ticker breathes.
     * {@link #strip(String, int, int, SlideStyle)} sizes the gap from the panel width instead.
     */
    public static Frame strip(String text, int panelHeight, SlideStyle style) {
        return strip(text, panelHeight, style, panelHeight);
    }

    /** A strip as {@link #strip(String, int, SlideStyle)}, with a gap of half the panel width after the text. */
    public static Frame strip(String text, int panelWidth, int panelHeight, SlideStyle style) {
        if (panelWidth < 16) {
            throw new IllegalArgumentException("ticker panel width must be at least 16 pixels; found " + panelWidth);
        }
        return strip(text, panelHeight, style, panelWidth / 2);
    }

    private static Frame strip(String text, int panelHeight, SlideStyle style, int gap) {
        if (panelHeight < 16) {
            throw new IllegalArgumentException("ticker panel height must be at least 16 pixels; found "
                    + panelHeight);
        }
        if (style == null) {
            throw new IllegalArgumentException("ticker style must be set (SlideStyle.DEFAULT for the default)");
        }
        List<String> words = text == null ? List.of() : Text.words(text);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("ticker text: required, found nothing");
        }
        Font font = fontFor(panelHeight);
        Text.checkGlyphs("ticker text", words, font);
        String line = String.join(" ", words);

        GlyphVector gv = Text.glyphs(font, line);
        Rectangle ink = gv.getPixelBounds(Text.FRC, 0, 0);
        // Column 0 stays background: compose() fills the uncovered panel with it.
        int x = Math.max(1, 1 - ink.x);
        int textEnd = Math.max(x + ink.x + ink.width, x + (int) Math.ceil(gv.getLogicalBounds().getWidth()));
        long stripWidth = (long) textEnd + gap;
        if (stripWidth * panelHeight > Png.MAX_PIXELS || stripWidth > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ticker text: " + line.length() + " characters make a strip of "
                    + stripWidth + "x" + panelHeight + " pixels, more than " + Png.MAX_PIXELS
                    + "; shorten the text or split it into two tickers");
        }
        LineMetrics lm = font.getLineMetrics(line, Text.FRC);
        int baseline = Math.round((panelHeight - lm.getAscent() - lm.getDescent()) / 2 + lm.getAscent());

        BufferedImage image = new BufferedImage((int) stripWidth, panelHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Text.graphics(image);
        try {
            g.setColor(new Color(style.background()));
            g.fillRect(0, 0, image.getWidth(), panelHeight);
            g.setColor(new Color(style.color()));
            g.drawGlyphVector(gv, x, baseline);
        } finally {
            g.dispose();
        }
        return Frame.of(image);
    }

    /** Bold, sized so that ascent + descent is {@link #TEXT_HEIGHT} of the panel height. */
    static Font fontFor(int panelHeight) {
        LineMetrics unit = Fonts.bold(100).getLineMetrics("Ág", Text.FRC);
        float perPx = (unit.getAscent() + unit.getDescent()) / 100f;
        return Fonts.bold(TEXT_HEIGHT * panelHeight / perPx);
    }

    /**
     * Time for the text to cross a panel once: it enters at the right edge and the strip's last column leaves
     * at the left, {@code ceil((stripWidth + panelWidth) * 1000 / speed)} milliseconds.
     */
    public static long durationMs(int stripWidth, int panelWidth, int speedPxPerS) {
        if (stripWidth < 1 || panelWidth < 1 || speedPxPerS < 1) {
            throw new IllegalArgumentException("strip width, panel width and speed must be positive; found "
                    + stripWidth + ", " + panelWidth + ", " + speedPxPerS);
        }
        long distance = ((long) stripWidth + panelWidth) * 1000;
        return (distance + speedPxPerS - 1) / speedPxPerS;
    }

    /**
     * Draws the strip scrolled to {@code millis} into {@code target}: its left edge at
     * {@code target.width - speed * millis / 1000}, to a thousandth of a pixel. A position between two pixels is
     * drawn by mixing the two strip columns it falls between (linear, 8-bit weights), so the text moves by the
     * same distance every frame whatever the frame rate: at 96 px/s and 30 fps that is 3.2 px a frame, never the
     * 3, 3, 3, 3, 4 of whole-pixel steps. When {@code speed * millis} is a whole number of pixels (for example
     * any frame of a speed that is a multiple of the frame rate, at exact frame times) the columns are copied as
     * they are. The area the strip does not cover gets the strip's column-0 colour, row by row. Allocation-free;
     * the strip must be as tall as the target. A pure function of its arguments: the preview and the wall agree.
     */
    public static void compose(Frame strip, long millis, int speedPxPerS, Frame target) {
        if (strip.height() != target.height()) {
            throw new IllegalArgumentException("ticker strip is " + strip.sizeText() + " but the panel is "
                    + target.sizeText() + ": the strip must be as tall as the panel");
        }
        if (speedPxPerS < 0) {
            throw new IllegalArgumentException("ticker speed must not be negative; found " + speedPxPerS);
        }
        long travel = Math.multiplyExact((long) speedPxPerS, millis);     // thousandths of a pixel
        long offset = Math.floorDiv(travel, 1000L);
        int next = (int) ((Math.floorMod(travel, 1000L) * 256 + 500) / 1000); // weight of the next column, 0..256
        if (next == 256) {
            offset++;
            next = 0;
        }
        if (next == 0) {
            copyColumns(strip, offset, target);
        } else {
            mixColumns(strip, offset, next, target);
        }
    }

    /** The strip shifted by a whole {@code offset}: rows copied as they are. */
    private static void copyColumns(Frame strip, long offset, Frame target) {
        int w = target.width();
        int sw = strip.width();
        long left = w - offset;                                   // strip column 0 lands here (may be off-panel)
        int from = (int) Math.max(0, Math.min(w, left));          // first panel column the strip covers
        int to = (int) Math.max(0, Math.min(w, left + sw));       // one past the last
        int srcFrom = (int) (from - left);                        // strip column shown at panel column `from`
        int[] src = strip.pixels();
        int[] dst = target.pixels();
        for (int y = 0, srow = 0, drow = 0; y < target.height(); y++, srow += sw, drow += w) {
            int background = src[srow] | 0xFF000000;
            if (from >= to) {
                Arrays.fill(dst, drow, drow + w, background);
                continue;
            }
            if (from > 0) {
                Arrays.fill(dst, drow, drow + from, background);
            }
            System.arraycopy(src, srow + srcFrom, dst, drow + from, to - from);
            if (to < w) {
                Arrays.fill(dst, drow + to, drow + w, background);
            }
        }
    }

    /**
     * The strip at {@code offset + next/256} pixels: panel column x shows strip column {@code i = x - (w - offset)}
     * mixed with column {@code i + 1} by {@code next/256}; columns outside the strip are the row's background.
     */
    private static void mixColumns(Frame strip, long offset, int next, Frame target) {
        int w = target.width();
        int sw = strip.width();
        int keep = 256 - next;
        long left = w - offset;
        // Panel columns whose two source columns touch the strip: i in [-1, sw - 1].
        int from = (int) Math.max(0, Math.min(w, left - 1));
        int to = (int) Math.max(0, Math.min(w, left + sw));
        // Of those, the ones with both source columns inside the strip: i in [0, sw - 2].
        int inFrom = (int) Math.max(from, Math.min(to, left));
        int inTo = (int) Math.max(inFrom, Math.min(to, left + sw - 1));
        int[] src = strip.pixels();
        int[] dst = target.pixels();
        for (int y = 0, srow = 0, drow = 0; y < target.height(); y++, srow += sw, drow += w) {
            int background = src[srow] | 0xFF000000;
            if (from > 0) {
                Arrays.fill(dst, drow, drow + from, background);
            }
            for (int x = from; x < inFrom; x++) {            // the strip's first column entering: background and column 0
                dst[drow + x] = mix(background, src[srow], keep, next);
            }
            int base = srow - (int) left;                    // strip index of panel column x is base + x
            for (int x = inFrom; x < inTo; x++) {
                dst[drow + x] = mix(src[base + x], src[base + x + 1], keep, next);
            }
            for (int x = inTo; x < to; x++) {                // the strip's last column leaving: it and background
                dst[drow + x] = mix(src[base + x], background, keep, next);
            }
            if (to < w) {
                Arrays.fill(dst, drow + to, drow + w, background);
            }
        }
    }

    /** {@code (p0 * keep + p1 * next) / 256} per channel, rounded; red and blue together in one multiply. */
    private static int mix(int p0, int p1, int keep, int next) {
        if (p0 == p1) {
            return p0 | 0xFF000000;                          // most of a strip: background beside background
        }
        int rb = ((p0 & 0xFF00FF) * keep + (p1 & 0xFF00FF) * next + 0x800080) >>> 8 & 0xFF00FF;
        int g = ((p0 & 0x00FF00) * keep + (p1 & 0x00FF00) * next + 0x008000) >>> 8 & 0x00FF00;
        return 0xFF000000 | rb | g;
    }
}
