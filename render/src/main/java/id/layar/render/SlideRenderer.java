package id.layar.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.font.GlyphVector;
import java.awt.font.LineMetrics;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Text slides with a videotron look: a big bold heading in the accent colour, a short accent rule, the body
 * wrapped to the width and shrunk until it fits, and a small footer at the bottom; every line centred,
 * everything inside a margin of 5% of the panel.
 *
 * <p>The packager renders a slide once into a PNG blob; the device shows that PNG. So previews and the wall
 * are identical by construction, whatever the device's fonts or Java version.
 *
 * <p>Words are never split: when a word does not fit a line, the type shrinks. Text that does not fit even at
 * the smallest legible size ({@code max(8, height / 24)} px) is refused with a message naming the part.
 */
public final class SlideRenderer {
    static final float MARGIN = 0.05f;
    /** Largest heading, as a share of the panel height, with and without a body. */
    static final float HEADING_WITH_BODY = 0.17f;
    static final float HEADING_ALONE = 0.24f;
    static final float BODY = 0.11f;
    static final float FOOTER = 0.065f;
    static final float GAP = 0.04f;

    private SlideRenderer() {
    }

    /**
     * Renders a slide.
     *
     * @param heading required, not blank
     * @param body    optional (null or blank: heading only, larger)
     * @param footer  optional (null or blank: none)
     * @throws IllegalArgumentException naming the part that does not fit or has a character the font lacks
     */
    public static Frame render(String heading, String body, String footer, SlideStyle style, int width, int height) {
        if (style == null) {
            throw new IllegalArgumentException("slide style must be set (SlideStyle.DEFAULT for the default)");
        }
        Layout layout = layout(heading, body, footer, width, height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Text.graphics(image);
        try {
            g.setColor(new Color(style.background()));
            g.fillRect(0, 0, width, height);
            // The fit already keeps ink inside the box; the clip makes the margin a guarantee.
            g.clip(layout.content());
            for (Line line : layout.lines()) {
                g.setColor(new Color(line.role() == Role.HEADING ? style.accent() : style.color()));
                g.drawGlyphVector(line.glyphs(), line.x(), line.baseline());
            }
            if (layout.rule() != null) {
                g.setColor(new Color(style.accent()));
                g.fill(layout.rule());
            }
        } finally {
            g.dispose();
        }
        return Frame.of(image);
    }

    enum Role { HEADING, BODY, FOOTER }

    /** One line placed at an integer origin, so its measured ink is exactly where it is drawn. */
    record Line(Role role, String text, float px, GlyphVector glyphs, int x, int baseline) {
    }

    /**
     * Where everything goes.
     *
     * @param content the box inside the margins
     * @param rule    the accent rule under the heading, or null (no body)
     */
    record Layout(Rectangle content, List<Line> lines, Rectangle rule, float headingPx, float bodyPx,
                  float footerPx) {
        List<Line> lines(Role role) {
            return lines.stream().filter(l -> l.role() == role).toList();
        }
    }

    static Layout layout(String heading, String body, String footer, int width, int height) {
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("slide must be at least 16x16 pixels; found " + width + "x" + height);
        }
        if (heading == null || heading.isBlank()) {
            throw new IllegalArgumentException("heading: required, found nothing");
        }
        String size = width + "x" + height;
        int mx = Math.max(1, Math.round(width * MARGIN));
        int my = Math.max(1, Math.round(height * MARGIN));
        Rectangle box = new Rectangle(mx, my, width - 2 * mx, height - 2 * my);
        int minPx = Math.max(8, Math.round(height / 24f));
        int gap = Math.max(1, Math.round(height * GAP));

        List<List<String>> headingText = Text.paragraphs(heading);
        List<List<String>> bodyText = body == null ? List.of() : Text.paragraphs(body);
        List<List<String>> footerText = footer == null ? List.of() : Text.paragraphs(footer);
        Text.checkGlyphs("heading", flat(headingText), Fonts.bold(12));
        Text.checkGlyphs("body", flat(bodyText), Fonts.regular(12));
        Text.checkGlyphs("footer", flat(footerText), Fonts.regular(12));

        // Footer: small, at most two lines at its largest size, at the bottom.
        Block foot = null;
        int avail = box.height;
        if (!footerText.isEmpty()) {
            int fMax = Math.max(minPx, Math.round(height * FOOTER));
            foot = fit(footerText, false, fMax, minPx, box.width, linesHeight(false, fMax, 2));
            if (foot == null) {
                throw tooLong("footer", size, minPx, "shorten it to one line");
            }
            avail -= foot.height() + gap;
        }

        Block head;
        Block text = null;
        int ruleHeight = Math.max(2, Math.round(height * 0.01f));
        if (bodyText.isEmpty()) {
            head = fit(headingText, true, Math.max(minPx, Math.round(height * HEADING_ALONE)), minPx, box.width,
                    avail);
            if (head == null) {
                throw tooLong("heading", size, minPx, "shorten it");
            }
        } else {
            // The heading takes at most two lines at its largest size; if the body then does not fit even at
            // the smallest size, the heading gives way step by step.
            int cap = Math.max(minPx, Math.round(height * HEADING_WITH_BODY));
            while (true) {
                head = fit(headingText, true, cap, minPx, box.width, Math.min(linesHeight(true, cap, 2), avail));
                if (head == null) {
                    throw tooLong("heading", size, minPx, "shorten it");
                }
                int bodyMax = Math.max(minPx, Math.min(Math.round(height * BODY), (int) head.px()));
                int room = avail - head.height() - 2 * gap - ruleHeight;
                text = room <= 0 ? null : fit(bodyText, false, bodyMax, minPx, box.width, room);
                if (text != null) {
                    break;
                }
                if (cap <= minPx) {
                    throw tooLong("body", size, minPx, "shorten it or split it into two announcements");
                }
                cap = Math.max(minPx, cap * 9 / 10);
            }
        }

        List<Line> lines = new ArrayList<>();
        int blockHeight = head.height() + (text == null ? 0 : 2 * gap + ruleHeight + text.height());
        int y = box.y + (avail - blockHeight) / 2;
        place(head, Role.HEADING, box, y, lines);
        Rectangle rule = null;
        if (text != null) {
            y += head.height() + gap;
            int ruleWidth = Math.max(ruleHeight, Math.round(box.width * 0.15f));
            rule = new Rectangle(box.x + (box.width - ruleWidth) / 2, y, ruleWidth, ruleHeight);
            y += ruleHeight + gap;
            place(text, Role.BODY, box, y, lines);
        }
        if (foot != null) {
            place(foot, Role.FOOTER, box, box.y + box.height - foot.height(), lines);
        }
        return new Layout(box, List.copyOf(lines), rule, head.px(), text == null ? 0 : text.px(),
                foot == null ? 0 : foot.px());
    }

    private static IllegalArgumentException tooLong(String part, String size, int minPx, String fix) {
        return new IllegalArgumentException(part + ": too long for a " + size + " slide even at " + minPx
                + " px (the smallest legible size there); " + fix);
    }

    private static List<String> flat(List<List<String>> paragraphs) {
        return paragraphs.stream().flatMap(List::stream).toList();
    }

    /** Centres each line of {@code block} in {@code box}, the block's top at {@code top}. */
    private static void place(Block block, Role role, Rectangle box, int top, List<Line> out) {
        for (int i = 0; i < block.lines().size(); i++) {
            GlyphVector gv = block.glyphs().get(i);
            Rectangle ink = gv.getPixelBounds(Text.FRC, 0, 0);
            int x = box.x + (box.width - ink.width) / 2 - ink.x;
            int baseline = top + block.ascent() + i * block.pitch();
            out.add(new Line(role, block.lines().get(i), block.px(), gv, x, baseline));
        }
    }

    private static Font font(boolean bold, float px) {
        return bold ? Fonts.bold(px) : Fonts.regular(px);
    }

    /** Height of {@code n} lines at {@code px}. */
    private static int linesHeight(boolean bold, int px, int n) {
        Metrics m = Metrics.of(font(bold, px));
        return n * m.pitch();
    }

    /** Largest size from {@code maxPx} down to {@code minPx} at which the text wraps into the box; else null. */
    static Block fit(List<List<String>> paragraphs, boolean bold, int maxPx, int minPx, int boxWidth, int boxHeight) {
        for (int px = maxPx; px >= minPx; px--) {
            Font font = font(bold, px);
            List<String> lines = wrap(paragraphs, font, boxWidth);
            if (lines == null) {
                continue;
            }
            Metrics m = Metrics.of(font);
            if (lines.size() * m.pitch() <= boxHeight) {
                List<GlyphVector> glyphs = lines.stream().map(l -> Text.glyphs(font, l)).toList();
                return new Block(px, lines, glyphs, m.ascent(), m.pitch());
            }
        }
        return null;
    }

    /** Greedy word wrap by ink width; null when a single word is wider than the box. */
    static List<String> wrap(List<List<String>> paragraphs, Font font, int boxWidth) {
        List<String> lines = new ArrayList<>();
        for (List<String> words : paragraphs) {
            String line = null;
            for (String word : words) {
                if (Text.inkWidth(font, word) > boxWidth) {
                    return null;
                }
                if (line == null) {
                    line = word;
                } else {
                    String longer = line + " " + word;
                    if (Text.inkWidth(font, longer) <= boxWidth) {
                        line = longer;
                    } else {
                        lines.add(line);
                        line = word;
                    }
                }
            }
            if (line != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Whole-pixel line metrics: ascent and descent rounded up, pitch their sum. */
    private record Metrics(int ascent, int pitch) {
        static Metrics of(Font font) {
            LineMetrics lm = font.getLineMetrics("ÉÁgjy", Text.FRC);
            int ascent = (int) Math.ceil(lm.getAscent());
            int descent = (int) Math.ceil(lm.getDescent());
            return new Metrics(ascent, ascent + descent);
        }
    }

    record Block(float px, List<String> lines, List<GlyphVector> glyphs, int ascent, int pitch) {
        int height() {
            return lines.size() * pitch;
        }
    }
}
