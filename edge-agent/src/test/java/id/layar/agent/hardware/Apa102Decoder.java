package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads APA102 frames back from the bytes on the wire, the way a chain of LEDs would: a 32-bit zero start frame, then
 * per LED a byte 111bbbbb (global brightness) and blue, green, red, then the end frame's 0xFF bytes. Written from the
 * datasheet, not from the encoder, so the two can disagree.
 */
final class Apa102Decoder {
    /** One LED as it would light: brightness 0..31 and 8-bit colour. */
    record Led(int brightness, int red, int green, int blue) {
        int rgb() {
            return red << 16 | green << 8 | blue;
        }
    }

    private Apa102Decoder() {
    }

    /** Decodes consecutive frames of {@code n} LEDs from {@code wire}; fails if the framing is off. */
    static List<List<Led>> frames(byte[] wire, int n) {
        int end = Math.max(4, (n + 15) / 16);
        int frameLength = 4 + 4 * n + end;
        assertEquals(0, wire.length % frameLength, "the wire holds whole frames of " + frameLength + " bytes; it holds " + wire.length);
        List<List<Led>> out = new ArrayList<>();
        for (int at = 0; at < wire.length; at += frameLength) {
            for (int i = 0; i < 4; i++) {
                assertEquals(0, wire[at + i], "start frame byte " + i);
            }
            List<Led> leds = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int o = at + 4 + 4 * i;
                int header = wire[o] & 0xFF;
                assertEquals(0b111, header >> 5, "LED " + i + " header must start with 111");
                leds.add(new Led(header & 0x1F, wire[o + 3] & 0xFF, wire[o + 2] & 0xFF, wire[o + 1] & 0xFF));
            }
            for (int i = 0; i < end; i++) {
                assertEquals((byte) 0xFF, wire[at + 4 + 4 * n + i], "end frame byte " + i);
            }
            out.add(leds);
        }
        return out;
    }
}
