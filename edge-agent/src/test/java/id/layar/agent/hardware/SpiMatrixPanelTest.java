package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.plugin.mock.provider.spi.MockSpi;
import id.layar.render.Frame;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpiMatrixPanelTest {
    private Context pi4j;

    @BeforeEach
    void pi4j() {
        pi4j = MockPi4j.context();
    }

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private MockSpi spi() {
        return (MockSpi) pi4j.io(SpiMatrixPanel.PI4J_ID, Spi.class);
    }

    private static Frame numbered(int w, int h) {
        Frame f = new Frame(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                f.set(x, y, (x * 16 + 1) << 16 | (y * 16 + 2) << 8 | (x + y * w));
            }
        }
        return f;
    }

    @Test
    void matrixIsBlankedWhenOpened() {
        MatrixLayout layout = new MatrixLayout(8, 4, MatrixLayout.Wiring.ROW_MAJOR, MatrixLayout.Corner.TOP_LEFT);
        new SpiMatrixPanel(pi4j, layout, new SpiMatrixPanel.Settings(0, 0, 4_000_000));
        List<List<Apa102Decoder.Led>> frames = Apa102Decoder.frames(spi().readEntireMockBuffer(), 32);
        assertEquals(1, frames.size());
        for (Apa102Decoder.Led led : frames.get(0)) {
            assertEquals(0, led.rgb(), "LEDs come up with random colours; the panel sends black first");
        }
    }

    @ParameterizedTest
    @EnumSource(MatrixLayout.Wiring.class)
    void spiBytesDecodeBackToTheFrameThroughTheLayout(MatrixLayout.Wiring wiring) {
        MatrixLayout layout = new MatrixLayout(6, 4, wiring, MatrixLayout.Corner.BOTTOM_LEFT);
        try (SpiMatrixPanel panel = new SpiMatrixPanel(pi4j, layout, new SpiMatrixPanel.Settings(0, 0, 4_000_000))) {
            spi().readEntireMockBuffer();
            Frame f = numbered(6, 4);
            panel.show(f);
            List<Apa102Decoder.Led> leds = Apa102Decoder.frames(spi().readEntireMockBuffer(), 24).get(0);
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 6; x++) {
                    Apa102Decoder.Led led = leds.get(layout.ledAt(x, y));
                    assertEquals(f.get(x, y) & 0xFFFFFF, led.rgb(), wiring + ": pixel " + x + "," + y);
                    assertEquals(31, led.brightness(), "full brightness");
                }
            }
        }
    }

    @Test
    void serpentineFromBottomLeftPutsTheSecondRowBackwards() {
        // Independent of ledAt: a 3x2 serpentine from the bottom-left runs (0,1) (1,1) (2,1) then (2,0) (1,0) (0,0).
        MatrixLayout layout = new MatrixLayout(3, 2, MatrixLayout.Wiring.SERPENTINE, MatrixLayout.Corner.BOTTOM_LEFT);
        try (SpiMatrixPanel panel = new SpiMatrixPanel(pi4j, layout, new SpiMatrixPanel.Settings(0, 0, 1_000_000))) {
            spi().readEntireMockBuffer();
            Frame f = new Frame(3, 2);
            f.set(0, 1, 0x000001);
            f.set(1, 1, 0x000002);
            f.set(2, 1, 0x000003);
            f.set(2, 0, 0x000004);
            f.set(1, 0, 0x000005);
            f.set(0, 0, 0x000006);
            panel.show(f);
            List<Apa102Decoder.Led> leds = Apa102Decoder.frames(spi().readEntireMockBuffer(), 6).get(0);
            for (int i = 0; i < 6; i++) {
                assertEquals(i + 1, leds.get(i).blue(), "LED " + i);
            }
        }
    }

    @Test
    void endFrameGivesAtLeastHalfAClockEdgePerLed() {
        assertEquals(1, SpiMatrixPanel.endFrameBytes(16), "ceil(16/16): 8 bits >= 8");
        assertEquals(4, SpiMatrixPanel.endFrameBytes(64));
        assertEquals(7, SpiMatrixPanel.endFrameBytes(100), "ceil(100/16) bytes = 56 bits >= 50");
        assertEquals(64, SpiMatrixPanel.endFrameBytes(1024));
        for (int n = 1; n <= 5000; n += 37) {
            assertTrue(SpiMatrixPanel.endFrameBytes(n) * 8 >= (n + 1) / 2, "n=" + n);
        }
    }

    @Test
    void everyFrameEndsWithTheLatchSequenceSoAnSk9822ShowsItWithoutWaitingForTheNext() {
        MatrixLayout layout = new MatrixLayout(5, 4, MatrixLayout.Wiring.SERPENTINE, MatrixLayout.Corner.TOP_LEFT);
        int n = 20;
        try (SpiMatrixPanel panel = new SpiMatrixPanel(pi4j, layout, new SpiMatrixPanel.Settings(0, 0, 4_000_000))) {
            byte[] opened = spi().readEntireMockBuffer();
            List<Apa102Decoder.Led> atOpen = Apa102Decoder.sk9822Shows(opened, n);
            assertNotNull(atOpen, "the blanking at open is latched by itself, not left for the first frame to push out");
            assertTrue(atOpen.stream().allMatch(l -> l.rgb() == 0), "black at open");

            Frame f = numbered(5, 4);
            panel.show(f);
            byte[] wire = spi().readEntireMockBuffer();
            // The bytes end with: the last LED's frame, 32 zero bits (reset: latches an SK9822), ceil(20/16) zero bytes.
            int tail = 4 + 2;
            assertEquals(0xE0 | 31, wire[wire.length - tail - 4] & 0xFF, "the last LED frame comes right before the latch");
            for (int i = wire.length - tail; i < wire.length; i++) {
                assertEquals(0, wire[i], "latch sequence byte " + (i - (wire.length - tail)));
            }
            List<Apa102Decoder.Led> lit = Apa102Decoder.sk9822Shows(wire, n);
            assertNotNull(lit, "an SK9822 chain must light this frame with no further frame sent");
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    assertEquals(f.get(x, y) & 0xFFFFFF, lit.get(layout.ledAt(x, y)).rgb(), "pixel " + x + "," + y);
                }
            }

            // The black the player shows once when the panel goes off is the last frame before it idles: it must show.
            panel.show(new Frame(5, 4));
            List<Apa102Decoder.Led> off = Apa102Decoder.sk9822Shows(spi().readEntireMockBuffer(), n);
            assertNotNull(off);
            assertTrue(off.stream().allMatch(l -> l.rgb() == 0), "black at panel-off shows at once");
        }
    }

    @Test
    void theSk9822ModelShowsAFrameEndedOnlyByOnesOneFrameLate() {
        // The model the test above relies on must see the defect it guards against: 0xFF end frames latch nothing.
        byte[] first = {0, 0, 0, 0, (byte) 0xFF, 1, 2, 3, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertEquals(null, Apa102Decoder.sk9822Shows(first, 1), "nothing latched until a zero frame follows");
        byte[] two = new byte[first.length * 2];
        System.arraycopy(first, 0, two, 0, first.length);
        System.arraycopy(first, 0, two, first.length, first.length);
        two[first.length + 5] = 9;
        assertEquals(1, Apa102Decoder.sk9822Shows(two, 1).get(0).blue(), "the second frame's start latches the first");
    }

    @Test
    void globalBrightnessUsesTheFiveBitFieldAndScalesPixelsOnlyBelowOneStep() {
        MatrixLayout layout = new MatrixLayout(2, 1, MatrixLayout.Wiring.ROW_MAJOR, MatrixLayout.Corner.TOP_LEFT);
        try (SpiMatrixPanel panel = new SpiMatrixPanel(pi4j, layout, new SpiMatrixPanel.Settings(0, 0, 4_000_000))) {
            spi().readEntireMockBuffer();
            Frame f = new Frame(2, 1);
            f.set(0, 0, 0xC86432);
            panel.setBrightness(0.5);
            panel.show(f);
            Apa102Decoder.Led led = Apa102Decoder.frames(spi().readEntireMockBuffer(), 2).get(0).get(0);
            assertEquals(16, led.brightness(), "round(0.5 x 31)");
            assertEquals(0xC86432, led.rgb(), "colours untouched while the global brightness can do the work");

            panel.setBrightness(0.01);
            panel.show(f);
            led = Apa102Decoder.frames(spi().readEntireMockBuffer(), 2).get(0).get(0);
            assertEquals(1, led.brightness(), "the lowest global step");
            // 0.01 x 31 = 0.31 of that step, applied to the values (linear: APA102 PWM is light).
            assertEquals(Math.round(0xC8 * 0.31), led.red());
            assertEquals(Math.round(0x64 * 0.31), led.green());
            assertEquals(Math.round(0x32 * 0.31), led.blue());

            panel.setBrightness(0);
            panel.show(f);
            led = Apa102Decoder.frames(spi().readEntireMockBuffer(), 2).get(0).get(0);
            assertEquals(0, led.brightness());
            assertEquals(0, led.rgb());
        }
    }

    @Test
    void framesLargerThanTheSpidevBufferArriveWhole() {
        // 32x32 = 1024 LEDs: 4 + 4096 + 4 + 64 bytes, more than spidev's 4096-byte default buffer.
        MatrixLayout layout = new MatrixLayout(32, 32, MatrixLayout.Wiring.SERPENTINE, MatrixLayout.Corner.TOP_LEFT);
        try (SpiMatrixPanel panel = new SpiMatrixPanel(pi4j, layout, new SpiMatrixPanel.Settings(0, 0, 8_000_000))) {
            assertEquals(4 + 4096 + 4 + 64, panel.frameBytes());
            spi().readEntireMockBuffer();
            Frame f = numbered(32, 32);
            panel.show(f);
            panel.show(f);
            List<List<Apa102Decoder.Led>> frames = Apa102Decoder.frames(spi().readEntireMockBuffer(), 1024);
            assertEquals(2, frames.size());
            assertEquals(f.get(31, 31) & 0xFFFFFF, frames.get(1).get(layout.ledAt(31, 31)).rgb());
        }
    }

    @Test
    void wrongFrameSizeIsRefusedAndClosingReleasesTheDevice() {
        MatrixLayout layout = new MatrixLayout(4, 4, MatrixLayout.Wiring.ROW_MAJOR, MatrixLayout.Corner.TOP_LEFT);
        SpiMatrixPanel panel = new SpiMatrixPanel(pi4j, layout, new SpiMatrixPanel.Settings(0, 0, 4_000_000));
        assertThrows(IllegalArgumentException.class, () -> panel.show(new Frame(4, 5)));
        panel.close();
        assertTrue(!pi4j.registry().exists(SpiMatrixPanel.PI4J_ID), "released, so a reopen can claim it again");
        assertThrows(IllegalStateException.class, () -> panel.show(new Frame(4, 4)));
        new SpiMatrixPanel(pi4j, layout, new SpiMatrixPanel.Settings(0, 0, 4_000_000)).close();
    }

    @Test
    void showAllocatesNothingPerFrame() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        MatrixLayout layout = new MatrixLayout(16, 16, MatrixLayout.Wiring.SERPENTINE, MatrixLayout.Corner.TOP_LEFT);
        // A sink that keeps nothing: the mock SPI itself boxes every byte it stores.
        Spi discard = new MockSpi(null, Spi.newConfigBuilder(pi4j).id("discard").bus(0).chipSelect(com.pi4j.io.spi.SpiChipSelect.CS_0).build()) {
            @Override
            public int write(byte[] data, int offset, int length) {
                return length;
            }
        };
        try (SpiMatrixPanel panel = new SpiMatrixPanel(null, discard, layout)) {
            Frame f = numbered(16, 16);
            panel.setBrightness(0.01);
            for (int i = 0; i < 5000; i++) {
                panel.show(f);
            }
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 500; i++) {
                panel.show(f);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertTrue(allocated < 500 * 8, "500 frames allocated " + allocated + " bytes");
        }
    }
}
