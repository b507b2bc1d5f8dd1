package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PngTextTest {
    @Test
    void textChunksRoundTripAndLeaveThePixelsAlone() {
        Frame f = PngTest.noise(31, 17, 5);
        Map<String, String> text = new LinkedHashMap<>();
        text.put("layar-clock", "color=#ffffff accent=#ffd200");
        text.put("Comment", "Jam Kota — Sukamaju".replace("—", "-"));
        byte[] png = Png.encode(f, text);
        assertEquals(text, Png.text(png));
        assertTrue(f.samePixels(Png.decode(png)));
        assertArrayEquals(png, Png.encode(f, text), "deterministic");
        assertEquals(Map.of(), Png.text(Png.encode(f)));
    }

    @Test
    void badKeywordsAndTruncatedChunksAreRefused() {
        Frame f = new Frame(4, 4);
        assertThrows(IllegalArgumentException.class, () -> Png.encode(f, Map.of("", "x")));
        assertThrows(IllegalArgumentException.class, () -> Png.encode(f, Map.of("k", "a\0b")));
        byte[] png = Png.encode(f, Map.of("k", "v"));
        byte[] lying = png.clone();
        lying[33] = 0x7F;                                      // the tEXt chunk after IHDR claims 2 GB
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Png.text(lying));
        assertTrue(e.getMessage().contains("past the end"), e.getMessage());
    }
}
