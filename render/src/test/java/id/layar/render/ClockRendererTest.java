package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Priority;
import id.layar.playlist.Rules;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ClockRendererTest {
    static final int W = 384;
    static final int H = 192;
    static final SlideStyle STYLE = new SlideStyle(0x0b5d1e, 0xffffff, 0xffd200);
    static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");
    /** Tuesday 24 November 2026, 10:30:15.250 in Jakarta. */
    static final Instant AT = Instant.parse("2026-11-24T03:30:15.250Z");

    @Test
    void datesAreWrittenInIndonesian() {
        assertEquals("Selasa, 24 November 2026", ClockRenderer.dateLine(LocalDate.of(2026, 11, 24)));
        assertEquals("Minggu, 29 November 2026", ClockRenderer.dateLine(LocalDate.of(2026, 11, 29)));
        assertEquals("Jumat, 1 Januari 2027", ClockRenderer.dateLine(LocalDate.of(2027, 1, 1)));
        assertEquals("Senin, 17 Agustus 2026", ClockRenderer.dateLine(LocalDate.of(2026, 8, 17)));
    }

    @Test
    void timesCarryTheIndonesianZoneName() {
        assertEquals("10:30:15 WIB", ClockRenderer.timeLine(AT.atZone(JAKARTA)));
        assertEquals("10:30:15 WIB", ClockRenderer.timeLine(AT.atZone(ZoneId.of("Asia/Pontianak"))));
        assertEquals("11:30:15 WITA", ClockRenderer.timeLine(AT.atZone(ZoneId.of("Asia/Makassar"))));
        assertEquals("12:30:15 WIT", ClockRenderer.timeLine(AT.atZone(ZoneId.of("Asia/Jayapura"))));
        assertEquals("03:30:15 UTC", ClockRenderer.timeLine(AT.atZone(ZoneId.of("UTC"))));
        assertEquals("09:00:15 UTC+5:30", ClockRenderer.timeLine(AT.atZone(ZoneId.of("Asia/Kolkata"))));
        assertEquals("11:30:15 UTC+8", ClockRenderer.timeLine(AT.atZone(ZoneId.of("Asia/Singapore"))));
    }

    @Test
    void theFaceCarriesTheStylesColours() {
        ClockRenderer.Face face = ClockRenderer.readFace(ClockRenderer.faceBlob(STYLE, W, H));
        assertEquals(STYLE.color(), face.color());
        assertEquals(STYLE.accent(), face.accent());
        assertEquals(0xFF000000 | STYLE.background(), face.background().get(W / 2, H / 2));
        ClockRenderer.Face plain = ClockRenderer.readFace(Png.encode(new Frame(W, H)));
        assertEquals(SlideStyle.DEFAULT.color(), plain.color());
    }

    static Item clock(BlobRef blob) {
        return new Item("jam", "Jam", ItemKind.CLOCK, blob, 10_000, Priority.NORMAL, Rules.ALWAYS, 0);
    }

    @Test
    void theItemShowsTheTimeAndDateOfTheInstantInTheRenderersZone() throws IOException {
        ItemRendererTest.CountingBlobs blobs = new ItemRendererTest.CountingBlobs();
        byte[] faceBlob = ClockRenderer.faceBlob(STYLE, W, H);
        Item item = clock(blobs.add(faceBlob));
        Frame expected = new Frame(W, H);
        ClockRenderer.draw(ClockRenderer.readFace(faceBlob), "10:30:15 WIB", "Selasa, 24 November 2026", expected);
        try (ItemRenderer renderer = new ItemRenderer(blobs, W, H, JAKARTA)) {
            Frame target = new Frame(W, H);
            renderer.render(item, 777, AT, target);
            assertTrue(expected.samePixels(target), "the wall shows the same words drawn with the same font");

            int text = 0;
            int accent = 0;
            for (int p : target.pixels()) {
                text += (p & 0xFFFFFF) == STYLE.color() ? 1 : 0;
                accent += (p & 0xFFFFFF) == STYLE.accent() ? 1 : 0;
            }
            assertTrue(text > 500 && accent > 200, "time in the colour (" + text + " px), date in the accent (" + accent + " px)");

            Frame next = new Frame(W, H);
            renderer.render(item, 1777, AT.plusSeconds(1), next);
            assertFalse(next.samePixels(target), "a second later the seconds differ");
            renderer.render(item, 1900, AT.plusMillis(900), next);
            assertFalse(next.samePixels(target));
            renderer.render(item, 100, AT.minusMillis(200), next);
            assertTrue(next.samePixels(target), "within the same second the picture is the same");

            Frame makassar = new Frame(W, H);
            try (ItemRenderer wita = new ItemRenderer(blobs, W, H, ZoneId.of("Asia/Makassar"))) {
                wita.render(item, 0, AT, makassar);
            }
            Frame expectedWita = new Frame(W, H);
            ClockRenderer.draw(ClockRenderer.readFace(faceBlob), "11:30:15 WITA", "Selasa, 24 November 2026", expectedWita);
            assertTrue(expectedWita.samePixels(makassar));
        }
    }

    @Test
    void textStaysInsideTheMarginsOnASmallPanel() throws IOException {
        int w = 64;
        int h = 32;
        ItemRendererTest.CountingBlobs blobs = new ItemRendererTest.CountingBlobs();
        Item item = clock(blobs.add(ClockRenderer.faceBlob(SlideStyle.DEFAULT, w, h)));
        Frame target = new Frame(w, h);
        try (ItemRenderer renderer = new ItemRenderer(blobs, w, h, ZoneId.of("Asia/Makassar"))) {
            renderer.render(item, 0, Instant.parse("2026-09-30T15:59:59Z"), target);   // Rabu, 30 September: long
        }
        boolean ink = false;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean lit = (target.get(x, y) & 0xFFFFFF) != 0;
                ink |= lit;
                if (x < 2 || x >= w - 2) {
                    assertFalse(lit, "ink in the side margin at " + x + "," + y);
                }
            }
        }
        assertTrue(ink);
    }
}
