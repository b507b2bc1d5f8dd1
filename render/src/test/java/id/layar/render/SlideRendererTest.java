package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.render.SlideRenderer.Layout;
import id.layar.render.SlideRenderer.Line;
import id.layar.render.SlideRenderer.Role;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlideRendererTest {
    static final SlideStyle GREEN = new SlideStyle(0x0B5D1E, 0xFFFFFF, 0xFFD200);
    static final String HEADING = "Cegah Demam Berdarah";
    static final String LONG_BODY = "Lakukan 3M Plus: menguras dan menyikat tempat penampungan air, menutup rapat"
            + " tempat penampungan air, dan memanfaatkan kembali barang bekas yang berpotensi menjadi tempat"
            + " perkembangbiakan nyamuk Aedes aegypti. Gunakan obat anti nyamuk, pasang kawat kasa, tanam"
            + " tanaman pengusir nyamuk, dan periksa jentik secara berkala di rumah, sekolah, kantor, pasar"
            + " dan tempat ibadah. Segera bawa ke puskesmas bila demam tinggi lebih dari dua hari. Koordinasi"
            + " dengan kader jumantik, ketua RT/RW dan petugas kesehatan kelurahan. Kafé, warung dan"
            + " pedagang kaki lima diimbau menjaga kebersihan lingkungan usaha masing-masing.";
    static final String FOOTER = "Dinas Kesehatan Kota Sukamaju";

    @Test
    void sameInputGivesTheSamePixels() {
        Frame a = SlideRenderer.render(HEADING, LONG_BODY, FOOTER, GREEN, 768, 384);
        Frame b = SlideRenderer.render(HEADING, LONG_BODY, FOOTER, GREEN, 768, 384);
        assertTrue(a.samePixels(b));
        assertEquals(768, a.width());
        assertEquals(384, a.height());
    }

    @Test
    void headingIsDrawnInTheAccentColourAndBodyInTheTextColour() {
        Frame f = SlideRenderer.render(HEADING, "Lakukan 3M Plus", FOOTER, GREEN, 768, 384);
        Layout layout = SlideRenderer.layout(HEADING, "Lakukan 3M Plus", FOOTER, 768, 384);
        int headingBottom = layout.lines(Role.HEADING).get(0).baseline();
        int accent = 0;
        int other = 0;
        for (int y = 0; y < headingBottom; y++) {
            for (int x = 0; x < 768; x++) {
                int p = f.get(x, y) & 0xFFFFFF;
                if (p == GREEN.accent()) {
                    accent++;
                } else if (p == GREEN.color()) {
                    other++;
                }
            }
        }
        assertTrue(accent > 2000, "solid accent pixels above the heading's baseline: " + accent);
        assertEquals(0, other, "text-colour pixels in the heading");
        assertTrue(count(f, GREEN.color()) > 500, "body and footer use the text colour");
    }

    @Test
    void longIndonesianBodyStaysInsideTheMargins() {
        for (int[] size : new int[][] {{768, 384}, {1280, 720}, {384, 192}}) {
            int w = size[0];
            int h = size[1];
            Frame f = SlideRenderer.render(HEADING, LONG_BODY, FOOTER, GREEN, w, h);
            int mx = Math.round(w * 0.05f);
            int my = Math.round(h * 0.05f);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (x < mx || x >= w - mx || y < my || y >= h - my) {
                        assertEquals(0xFF000000 | GREEN.background(), f.get(x, y),
                                w + "x" + h + ": ink in the margin at " + x + "," + y);
                    }
                }
            }
            Layout layout = SlideRenderer.layout(HEADING, LONG_BODY, FOOTER, w, h);
            for (Line line : layout.lines()) {
                var ink = line.glyphs().getPixelBounds(Text.FRC, line.x(), line.baseline());
                assertTrue(layout.content().contains(ink), w + "x" + h + ": line '" + line.text() + "' ink " + ink
                        + " outside " + layout.content());
            }
        }
    }

    @Test
    void longBodyShrinksAndWrapsWithoutSplittingAWord() {
        Layout shortOne = SlideRenderer.layout(HEADING, "Lakukan 3M Plus", FOOTER, 768, 384);
        Layout longOne = SlideRenderer.layout(HEADING, LONG_BODY, FOOTER, 768, 384);
        assertTrue(longOne.bodyPx() < shortOne.bodyPx(), longOne.bodyPx() + " vs " + shortOne.bodyPx());
        List<Line> body = longOne.lines(Role.BODY);
        assertTrue(body.size() > 3, "wrapped into " + body.size() + " lines");
        List<String> words = body.stream().flatMap(l -> Arrays.stream(l.text().split(" "))).toList();
        assertEquals(Arrays.asList(LONG_BODY.split(" ")), words, "every word whole and in order");
        // Lines fill the width: all but the last are too full to take the next line's first word.
        int boxWidth = longOne.content().width;
        for (int i = 0; i + 1 < body.size(); i++) {
            String longer = body.get(i).text() + " " + body.get(i + 1).text().split(" ")[0];
            assertTrue(Text.inkWidth(Fonts.regular(longOne.bodyPx()), longer) > boxWidth, "line " + i + " not full");
        }
    }

    @Test
    void aWordTooLongForTheLineShrinksTheFontInsteadOfBeingCut() {
        String word = "Pemberdayaanmasyarakatkelurahanberkelanjutan";
        Layout layout = SlideRenderer.layout(word, null, null, 384, 192);
        List<Line> heading = layout.lines(Role.HEADING);
        assertEquals(1, heading.size());
        assertEquals(word, heading.get(0).text());
        assertTrue(layout.headingPx() < Math.round(192 * SlideRenderer.HEADING_ALONE), "shrunk: " + layout.headingPx());
    }

    @Test
    void nullOrBlankBodyAndFooterAreAllowed() {
        Frame headingOnly = SlideRenderer.render(HEADING, null, null, GREEN, 768, 384);
        assertTrue(count(headingOnly, GREEN.accent()) > 2000);
        assertEquals(0, count(headingOnly, GREEN.color()), "no body, no footer");
        Frame blank = SlideRenderer.render(HEADING, "  ", "", GREEN, 768, 384);
        assertTrue(headingOnly.samePixels(blank));
        Layout layout = SlideRenderer.layout(HEADING, null, null, 768, 384);
        assertNull(layout.rule());
        assertTrue(layout.lines(Role.BODY).isEmpty());
        assertNotNull(SlideRenderer.layout(HEADING, "x", null, 768, 384).rule());
    }

    @Test
    void indonesianAccentedLettersUseTheBundledFont() {
        var regular = Fonts.regular(20);
        var bold = Fonts.bold(20);
        assertEquals("DejaVu Sans", regular.getFamily());
        assertEquals("DejaVu Sans Bold", bold.getFontName());
        assertEquals(-1, regular.canDisplayUpTo("Kafé, Désa, Rp 5.000 – “Sehat” …"));
        Frame f = SlideRenderer.render("Kafé Sehat", "Ayo ke posyandu – Rp 0", null, GREEN, 384, 192);
        assertTrue(count(f, GREEN.accent()) > 100);
    }

    @Test
    void characterMissingFromTheFontIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlideRenderer.render(HEADING, "Selamat pagi \u516C\u544A", null, GREEN, 768, 384));
        assertTrue(e.getMessage().startsWith("body:") && e.getMessage().contains("U+516C"), e.getMessage());
    }

    @Test
    void textThatCannotFitEvenAtTheSmallestSizeIsRefusedNamingThePart() {
        String huge = String.join(" ", java.util.Collections.nCopies(400, "pengumuman"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlideRenderer.render(HEADING, huge, FOOTER, GREEN, 384, 192));
        assertTrue(e.getMessage().startsWith("body: too long for a 384x192 slide"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SlideRenderer.render(" ", "body", null, GREEN, 384, 192));
        assertTrue(missing.getMessage().startsWith("heading:"), missing.getMessage());
    }

    @Test
    void explicitLineBreaksStartNewLines() {
        Layout layout = SlideRenderer.layout(HEADING, "Senin: vaksin\nSelasa: posyandu", null, 768, 384);
        List<String> lines = layout.lines(Role.BODY).stream().map(Line::text).toList();
        assertEquals(List.of("Senin: vaksin", "Selasa: posyandu"), lines);
        assertFalse(lines.contains("Senin: vaksin Selasa: posyandu"));
    }

    static int count(Frame f, int rgb) {
        int n = 0;
        for (int p : f.pixels()) {
            if ((p & 0xFFFFFF) == rgb) {
                n++;
            }
        }
        return n;
    }
}
