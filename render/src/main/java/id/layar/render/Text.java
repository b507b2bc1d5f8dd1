package id.layar.render;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.image.BufferedImage;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/** Text handling shared by the slide and ticker renderers: normalising, checking glyphs, measuring ink. */
final class Text {
    /** Identity transform, antialiased, fractional metrics: the same context the drawing graphics has. */
    static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private Text() {
    }

    /**
     * Paragraphs of words: NFC-normalised (so "e" + combining acute becomes one glyph "é"), split into
     * paragraphs at line breaks and into words at any other white space. Empty paragraphs are dropped.
     */
    static List<List<String>> paragraphs(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        List<List<String>> paragraphs = new ArrayList<>();
        for (String line : nfc.split("\\R")) {
            List<String> words = words(line);
            if (!words.isEmpty()) {
                paragraphs.add(words);
            }
        }
        return paragraphs;
    }

    /** The words of {@code text}, split at any white space (line breaks included), NFC-normalised. */
    static List<String> words(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        List<String> words = new ArrayList<>();
        for (String w : nfc.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /**
     * Refuses characters the bundled font has no glyph for, which would show as empty boxes on the wall.
     *
     * @param part names the text in the message ("heading", "body", "ticker text")
     */
    static void checkGlyphs(String part, List<String> words, Font font) {
        for (String w : words) {
            int bad = font.canDisplayUpTo(w);
            if (bad >= 0) {
                int cp = w.codePointAt(bad);
                throw new IllegalArgumentException(part + ": the character " + String.format("U+%04X", cp)
                        + (Character.isISOControl(cp) ? "" : " '" + new String(Character.toChars(cp)) + "'")
                        + " in \"" + w + "\" is not in the bundled font (" + font.getFontName()
                        + "); remove it or replace it with plain text");
            }
        }
    }

    static GlyphVector glyphs(Font font, String s) {
        return font.createGlyphVector(FRC, s);
    }

    /** Width in pixels of the ink {@code s} leaves when drawn at an integer position. */
    static int inkWidth(Font font, String s) {
        return glyphs(font, s).getPixelBounds(FRC, 0, 0).width;
    }

    /** A graphics on {@code image} set up exactly as {@link #FRC} measures: antialiased, fractional metrics. */
    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }
}
