package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class PngTest {

    static Frame noise(int w, int h, long seed) {
        Random random = new Random(seed);
        Frame f = new Frame(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                f.set(x, y, random.nextInt(0x1000000));
            }
        }
        return f;
    }

    @Test
    void roundTripIsLosslessForEveryColour() {
        Frame original = noise(97, 53, 1);
        Frame back = Png.decode(Png.encode(original));
        assertEquals(97, back.width());
        assertEquals(53, back.height());
        assertTrue(original.samePixels(back), "decoded pixels differ from the encoded ones");
        assertEquals(0xFF000000, back.pixels()[0] & 0xFF000000, "decoded pixels are opaque");
    }

    @Test
    void encodingTheSameFrameTwiceGivesTheSameBytes() {
        Frame f = noise(64, 32, 2);
        byte[] first = Png.encode(f);
        byte[] second = Png.encode(f.copy());
        assertArrayEquals(first, second);
        assertTrue(!Arrays.equals(first, Png.encode(noise(64, 32, 3))), "different pixels give different bytes");
    }

    @Test
    void decodingFromAStreamGivesTheSamePixels() throws IOException {
        Frame f = noise(20, 10, 4);
        Frame back = Png.decode(new ByteArrayInputStream(Png.encode(f)));
        assertTrue(f.samePixels(back));
    }

    @Test
    void garbageIsRejectedNamingTheMissingSignature() {
        byte[] garbage = "this is not an image at all".getBytes(StandardCharsets.US_ASCII);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Png.decode(garbage));
        assertTrue(e.getMessage().contains("not a PNG"), e.getMessage());
        assertTrue(e.getMessage().contains("74 68 69 73"), "shows the bytes found: " + e.getMessage());
    }

    @Test
    void emptyInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Png.decode(new byte[0]));
        assertTrue(e.getMessage().contains("0 bytes"), e.getMessage());
    }

    @Test
    void truncatedPngIsRejectedAsCorrupt() {
        byte[] png = Png.encode(noise(40, 40, 5));
        byte[] cut = Arrays.copyOf(png, png.length / 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Png.decode(cut));
        assertTrue(e.getMessage().contains("PNG"), e.getMessage());
        assertTrue(e.getMessage().contains(cut.length + " bytes"), e.getMessage());
    }

    @Test
    void headerClaimingAHugeImageIsRejectedBeforeDecoding() {
        byte[] png = Png.encode(new Frame(2, 2));
        // IHDR: length(4) "IHDR"(4) width(4) height(4) ... CRC over type+data (17 bytes) follows the 13 data bytes.
        ByteBuffer b = ByteBuffer.wrap(png);
        b.putInt(16, 100_000);
        b.putInt(20, 100_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Png.decode(png));
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }
}
