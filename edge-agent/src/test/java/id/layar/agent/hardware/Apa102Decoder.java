package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads APA102/SK9822 frames back from the bytes on the wire, the way a chain of LEDs would. Written from the protocol
 * (the datasheets, and the SK9822 measurements in SpiMatrixPanel's javadoc), not from the encoder, so the two can
 * disagree.
 *
 * <p>{@link #frames} is strict about the one framing that works for both chips: a 32-bit zero start frame, per LED a
 * byte 111bbbbb (global brightness) and blue, green, red, a 32-bit zero reset frame, then {@code ceil(n / 16)} zero
 * bytes. {@link #sk9822Shows} models when an SK9822 chain actually lights what it received.
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

    /** Bytes after the LED data: the 32-bit reset frame, then at least n/2 bits (whole bytes) of end frame. */
    static int trailerBytes(int n) {
        return 4 + (n + 15) / 16;
    }

    /** Decodes consecutive frames of {@code n} LEDs from {@code wire}; fails if the framing is off in any byte. */
    static List<List<Led>> frames(byte[] wire, int n) {
        int frameLength = 4 + 4 * n + trailerBytes(n);
        assertEquals(0, wire.length % frameLength, "the wire holds whole frames of " + frameLength + " bytes; it holds " + wire.length);
        List<List<Led>> out = new ArrayList<>();
        for (int at = 0; at < wire.length; at += frameLength) {
            for (int i = 0; i < 4; i++) {
                assertEquals(0, wire[at + i], "start frame byte " + i);
            }
            List<Led> leds = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int o = at + 4 + 4 * i;
                leds.add(led(wire, o, i));
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(0, wire[at + 4 + 4 * n + i], "reset frame byte " + i + " (32 zero bits latch an SK9822)");
            }
            for (int i = 4; i < trailerBytes(n); i++) {
                assertEquals(0, wire[at + 4 + 4 * n + i], "end frame byte " + (i - 4) + " (zeros: a longer chain must not light)");
            }
            out.add(leds);
        }
        return out;
    }

    private static Led led(byte[] wire, int o, int index) {
        int header = wire[o] & 0xFF;
        assertEquals(0b111, header >> 5, "LED " + index + " header must start with 111");
        return new Led(header & 0x1F, wire[o + 3] & 0xFF, wire[o + 2] & 0xFF, wire[o + 1] & 0xFF);
    }

    /**
     * What a chain of {@code n} SK9822 LEDs lights after receiving all of {@code wire}, or null when nothing received
     * has been latched yet. An SK9822 takes its LED frame after a start frame but moves it into its PWM only when a
     * later start frame (32 zero bits) reaches it; each LED passes the data on half a clock late, so the zero frame
     * reaches the last LED only after ceil((n - 1) / 2) more clock edges. Bytes between the LED data and the next
     * zero frame (a 0xFF end frame) are clock edges only. Lenient about everything else, so it can judge other
     * framings than the one {@link #frames} insists on.
     */
    static List<Led> sk9822Shows(byte[] wire, int n) {
        List<Led> shown = null;
        List<Led> pending = null;
        int i = 0;
        while (i < wire.length) {
            int zeros = 0;
            while (i + zeros < wire.length && wire[i + zeros] == 0) {
                zeros++;
            }
            if (zeros >= 4) {
                long bitsAfterZeroFrame = 8L * (wire.length - (i + 4));
                if (pending != null && bitsAfterZeroFrame >= n / 2) {
                    shown = pending;
                    pending = null;
                }
            } else if (zeros > 0) {
                throw new AssertionError("a run of " + zeros + " zero byte(s) at " + i + " is neither a start frame nor data");
            }
            i += zeros;
            if (i >= wire.length) {
                break;
            }
            assertTrue(zeros >= 4, "LED data at byte " + i + " without a start frame before it");
            assertTrue(wire.length - i >= 4 * n, "a frame cut short at byte " + i);
            List<Led> leds = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                leds.add(led(wire, i + 4 * k, k));
            }
            pending = leds;
            i += 4 * n;
            while (i < wire.length && wire[i] != 0) {
                i++; // a 0xFF end frame: clock edges, no start frame
            }
        }
        return shown;
    }
}
