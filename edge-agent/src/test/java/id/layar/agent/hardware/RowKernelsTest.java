package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.render.Frame;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vector kernels write exactly what the plain loops write, including the tail that is not a whole register. */
class RowKernelsTest {
    /** RGB565 worked out channel by channel, independently of the packers' shift-and-mask form. */
    private static int expected(int argb) {
        int r = argb >>> 16 & 0xFF;
        int g = argb >>> 8 & 0xFF;
        int b = argb & 0xFF;
        return (r >> 3) << 11 | (g >> 2) << 5 | b >> 3;
    }

    private static List<RowKernels> kernels() {
        RowKernels vector = RowKernels.vector();
        assertNotNull(vector, "the tests run with --add-modules jdk.incubator.vector, as the signage-agent launcher does");
        return List.of(RowKernels.plain(), vector);
    }

    @Test
    void theLauncherFlagSelectsTheVectorKernels() {
        assertTrue(RowKernels.best().name().startsWith("vector"), RowKernels.best().name());
    }

    @Test
    void everyColourPacksToRgb565TheSameInBothKernels() {
        // All 2^24 colours, with alpha bytes that must be ignored, in rows of an odd length so tails are exercised.
        int n = 4099;
        int[] src = new int[n + 3];
        short[] dst = new short[n];
        for (RowKernels packer : kernels()) {
            for (int start = 0; start < 1 << 24; start += n) {
                for (int i = 0; i < n; i++) {
                    src[3 + i] = (start + i & 0xFFFFFF) | (i * 37 & 0xFF) << 24;
                }
                packer.pack565(src, 3, dst, n);
                for (int i = 0; i < n; i++) {
                    if ((dst[i] & 0xFFFF) != expected(src[3 + i])) {
                        assertEquals(expected(src[3 + i]), dst[i] & 0xFFFF,
                                packer.name() + ": pixel " + Integer.toHexString(src[3 + i]));
                    }
                }
            }
        }
    }

    @Test
    void everyLengthFromNoneToSeveralRegistersIsPackedWholeAndNothingBeyond() {
        Random random = new Random(565);
        for (RowKernels packer : kernels()) {
            for (int n = 0; n <= 70; n++) {
                int off = random.nextInt(5);
                int[] src = random.ints(off + n + 5).toArray();
                short[] dst = new short[n + 8];
                Arrays.fill(dst, (short) 0x5A5A);
                packer.pack565(src, off, dst, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(expected(src[off + i]), dst[i] & 0xFFFF, packer.name() + ", n=" + n + ", pixel " + i);
                }
                for (int i = n; i < dst.length; i++) {
                    assertEquals(0x5A5A, dst[i], packer.name() + ", n=" + n + ": wrote past the row at " + i);
                }
            }
        }
    }

    @Test
    void aWideWindowAtAnOddColumnGetsTheSameBytesFromBothKernels(@TempDir Path root) throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 160, 24, 16);
        Frame f = new Frame(133, 17);
        Random random = new Random(7);
        for (int i = 0; i < f.pixels().length; i++) {
            f.pixels()[i] = random.nextInt();
        }
        byte[] written = null;
        for (RowKernels packer : kernels()) {
            try (FramebufferPanel panel = FramebufferPanel.open(fb.settings(13, 5, Rotation.R0, FramebufferPanel.Access.MMAP), 133, 17)) {
                panel.useKernels(packer);
                panel.show(f);
                byte[] b = fb.bytes();
                for (int y = 0; y < 17; y++) {
                    for (int x = 0; x < 133; x++) {
                        byte[] px = fb.pixelBytes(b, 13 + x, 5 + y);
                        assertEquals(expected(f.get(x, y)), (px[0] & 0xFF) | (px[1] & 0xFF) << 8, packer.name() + " at " + x + "," + y);
                    }
                }
                if (written != null) {
                    assertTrue(Arrays.equals(written, b), "both kernels leave the same file");
                }
                written = b;
            }
        }
    }

    @Test
    void brightnessScalingMatchesTheDimmingTableForEveryChannelValueAndLength() {
        Random random = new Random(2200);
        for (double level : new double[] {0, 0.004, 0.25, 0.5, 0.9, 1}) {
            Dimming d = new Dimming(Dimming.HDMI_GAMMA);
            d.setLevel(level);
            Dimming.Step step = d.step();
            for (RowKernels k : kernels()) {
                for (int n : new int[] {0, 1, 3, 15, 16, 17, 255, 256, 1001}) {
                    int[] src = new int[n + 2];
                    for (int i = 0; i < src.length; i++) {
                        src[i] = i < 256 ? i * 0x010101 | 0x3C000000 : random.nextInt();
                    }
                    int[] dst = new int[n + 4];
                    Arrays.fill(dst, 0x5A5A5A5A);
                    k.scale(src, 2, dst, n, step.multiplier());
                    for (int i = 0; i < n; i++) {
                        assertEquals(step.apply(src[2 + i]), dst[i], k.name() + ", level " + level + ", n=" + n + " at " + i);
                    }
                    for (int i = n; i < dst.length; i++) {
                        assertEquals(0x5A5A5A5A, dst[i], k.name() + ", n=" + n + ": wrote past the row at " + i);
                    }
                }
            }
        }
    }
}
