package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.render.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FramebufferPanelTest {
    @TempDir
    Path root;

    private static Frame pattern(int w, int h) {
        Frame f = new Frame(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                f.set(x, y, (x * 7 & 0xFF) << 16 | (y * 13 & 0xFF) << 8 | (x + y) & 0xFF);
            }
        }
        return f;
    }

    @ParameterizedTest
    @EnumSource(value = FramebufferPanel.Access.class, names = {"MMAP", "CHANNEL_MAP", "WRITE"})
    void framebufferPlacesPanelInCaptureWindowAndBlacksTheRest(FramebufferPanel.Access access) throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 64, 40, 32);
        try (FramebufferPanel panel = FramebufferPanel.open(fb.settings(10, 6, Rotation.R0, access), 24, 16)) {
            assertEquals(access, panel.access());
            Frame f = pattern(24, 16);
            f.set(0, 0, 0x112233);
            f.set(23, 15, 0xAABBCC);
            panel.show(f);
            byte[] b = fb.bytes();
            // XRGB8888 little-endian: B, G, R, X.
            byte[] first = fb.pixelBytes(b, 10, 6);
            assertEquals(0x33, first[0] & 0xFF);
            assertEquals(0x22, first[1] & 0xFF);
            assertEquals(0x11, first[2] & 0xFF);
            byte[] last = fb.pixelBytes(b, 10 + 23, 6 + 15);
            assertArrayEquals(new byte[] {(byte) 0xCC, (byte) 0xBB, (byte) 0xAA}, new byte[] {last[0], last[1], last[2]});
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 64; x++) {
                    boolean inside = x >= 10 && x < 34 && y >= 6 && y < 22;
                    int expected = inside ? f.get(x - 10, y - 6) & 0xFFFFFF : 0;
                    assertEquals(expected, fb.rgb(b, x, y), "pixel " + x + "," + y + (inside ? " (window)" : " (outside)"));
                    if (!inside) {
                        assertArrayEquals(new byte[4], fb.pixelBytes(b, x, y), "black, cleared at open, at " + x + "," + y);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = FramebufferPanel.Access.class, names = {"MMAP", "CHANNEL_MAP", "WRITE"})
    void rgb565PacksRedIntoTheTopFiveBitsGreenSixBlueFive(FramebufferPanel.Access access) throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 32, 16, 16);
        try (FramebufferPanel panel = FramebufferPanel.open(fb.settings(4, 2, Rotation.R0, access), 8, 4)) {
            Frame f = new Frame(8, 4);
            f.set(0, 0, 0xFF0000);
            f.set(1, 0, 0x00FF00);
            f.set(2, 0, 0x0000FF);
            f.set(3, 0, 0x123456);
            f.set(4, 0, 0xFFFFFF);
            panel.show(f);
            byte[] b = fb.bytes();
            assertArrayEquals(new byte[] {0x00, (byte) 0xF8}, fb.pixelBytes(b, 4, 2), "red 0xF800, little-endian");
            assertArrayEquals(new byte[] {(byte) 0xE0, 0x07}, fb.pixelBytes(b, 5, 2), "green 0x07E0");
            assertArrayEquals(new byte[] {0x1F, 0x00}, fb.pixelBytes(b, 6, 2), "blue 0x001F");
            // 0x12 >> 3 = 2, 0x34 >> 2 = 13, 0x56 >> 3 = 10: 2 << 11 | 13 << 5 | 10 = 0x11AA
            assertArrayEquals(new byte[] {(byte) 0xAA, 0x11}, fb.pixelBytes(b, 7, 2));
            assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF}, fb.pixelBytes(b, 8, 2));
            assertArrayEquals(new byte[] {0, 0}, fb.pixelBytes(b, 3, 2), "left of the window: black");
            assertArrayEquals(new byte[] {0, 0}, fb.pixelBytes(b, 12, 2), "right of the window: black");
        }
    }

    /** Corners of a 6x4 frame: top-left red, top-right green, bottom-right blue, bottom-left white. */
    private static Frame corners() {
        Frame f = new Frame(6, 4);
        f.set(0, 0, 0xFF0000);
        f.set(5, 0, 0x00FF00);
        f.set(5, 3, 0x0000FF);
        f.set(0, 3, 0xFFFFFF);
        return f;
    }

    @ParameterizedTest
    @EnumSource(Rotation.class)
    void rotationTurnsTheImageClockwiseAndSwapsTheWindowFor90And270(Rotation rotation) throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 20, 20, 32);
        int x0 = 3;
        int y0 = 5;
        try (FramebufferPanel panel = FramebufferPanel.open(fb.settings(x0, y0, rotation, FramebufferPanel.Access.MMAP), 6, 4)) {
            panel.show(corners());
            byte[] b = fb.bytes();
            int ww = rotation.swapsSides() ? 4 : 6;
            int wh = rotation.swapsSides() ? 6 : 4;
            // Window corners clockwise from top-left, and the frame corner that must land there.
            int[] tl = {x0, y0};
            int[] tr = {x0 + ww - 1, y0};
            int[] br = {x0 + ww - 1, y0 + wh - 1};
            int[] bl = {x0, y0 + wh - 1};
            int[][] windowCorners = {tl, tr, br, bl};
            int[] frameCorners = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF}; // tl, tr, br, bl of the frame
            int turns = rotation.degrees() / 90;
            for (int i = 0; i < 4; i++) {
                // Turning clockwise once moves the frame's top-left to the window's top-right, and so on.
                int[] at = windowCorners[(i + turns) % 4];
                assertEquals(frameCorners[i], fb.rgb(b, at[0], at[1]), rotation + ": frame corner " + i + " at " + at[0] + "," + at[1]);
            }
            // Just outside the window stays black.
            assertEquals(0, fb.rgb(b, x0 + ww, y0));
            assertEquals(0, fb.rgb(b, x0, y0 + wh));
        }
    }

    @Test
    void rotationKeepsEveryPixelNotJustCorners() throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 30, 30, 32);
        Frame f = pattern(7, 5);
        try (FramebufferPanel panel = FramebufferPanel.open(fb.settings(2, 1, Rotation.R90, FramebufferPanel.Access.WRITE), 7, 5)) {
            panel.show(f);
            byte[] b = fb.bytes();
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    // 90 clockwise: frame (x, y) lands at window (h-1-y, x).
                    assertEquals(f.get(x, y) & 0xFFFFFF, fb.rgb(b, 2 + (5 - 1 - y), 1 + x), "frame pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void strideWiderThanARowIsHonouredAndThePaddingLeftAlone() throws Exception {
        // 10 pixels of 4 bytes = 40, padded to 64 bytes a row.
        FakeFramebuffer fb = FakeFramebuffer.create(root, 10, 6, 32, 64);
        try (FramebufferPanel panel = FramebufferPanel.open(fb.settings(0, 0, Rotation.R0, FramebufferPanel.Access.AUTO), 10, 6)) {
            assertEquals(FramebufferPanel.Access.MMAP, panel.access(), "a regular file is mapped with mmap(2)");
            Frame f = pattern(10, 6);
            panel.show(f);
            byte[] b = fb.bytes();
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 10; x++) {
                    assertEquals(f.get(x, y) & 0xFFFFFF, fb.rgb(b, x, y));
                }
                for (int pad = 40; pad < 64; pad++) {
                    assertEquals(0, b[y * 64 + pad], "padding of row " + y + " cleared once, never written");
                }
            }
        }
    }

    @Test
    void blackOutsideTheWindowIsWrittenOnceAtOpenNotEveryFrame() throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 16, 8, 32);
        try (FramebufferPanel panel = FramebufferPanel.open(fb.settings(4, 2, Rotation.R0, FramebufferPanel.Access.WRITE), 8, 4)) {
            // Something else (the console) draws outside the window after open...
            try (var ch = java.nio.channels.FileChannel.open(fb.device, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 0);
            }
            panel.show(pattern(8, 4));
            // ...and the frame does not touch it: only the window's rows are written.
            assertArrayEquals(new byte[] {1, 2, 3, 4}, fb.pixelBytes(fb.bytes(), 0, 0));
        }
    }

    @Test
    void brightnessScalesPixelsThroughAGammaAwareTable() throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 8, 4, 32);
        try (FramebufferPanel panel = FramebufferPanel.open(fb.settings(0, 0, Rotation.R0, FramebufferPanel.Access.MMAP), 8, 4)) {
            Frame f = new Frame(8, 4);
            f.fill(0xFF8040);
            panel.setBrightness(0.5);
            panel.show(f);
            // Half the light is 0.5^(1/2.2) = 0.7297 of the code value.
            int expected = (int) Math.round(255 * 0.72974) << 16 | (int) Math.round(128 * 0.72974) << 8 | (int) Math.round(64 * 0.72974);
            assertEquals(expected, fb.rgb(fb.bytes(), 3, 2));
            panel.setBrightness(0);
            panel.show(f);
            assertEquals(0, fb.rgb(fb.bytes(), 3, 2));
            panel.setBrightness(1);
            panel.show(f);
            assertEquals(0xFF8040, fb.rgb(fb.bytes(), 3, 2));
        }
    }

    @Test
    void geometryComesFromSysfsUnderTheInjectedRoot() throws Exception {
        Path tree = root.resolve("pi4");
        copyResourceTree("hardware/sysfs-pi4-kms-1080p-16bpp/sys/class/graphics/fb0",
                List.of("virtual_size", "bits_per_pixel", "stride"), tree.resolve("sys/class/graphics/fb0"));
        FramebufferPanel.Geometry g = FramebufferPanel.readGeometry(tree, "/dev/fb0");
        assertEquals(new FramebufferPanel.Geometry(1920, 1080, 16, 3840), g);
        Files.createDirectories(tree.resolve("dev"));
        Files.write(tree.resolve("dev/fb0"), new byte[(int) g.size()]);
        try (FramebufferPanel panel = FramebufferPanel.open(FramebufferPanel.Settings.of("/dev/fb0", 192, 156, Rotation.R0)
                .withRoot(tree), 1536, 768)) {
            panel.show(pattern(1536, 768));
            assertTrue(panel.toString().contains("1920x1080"), panel.toString());
        }
    }

    @Test
    void everyProblemIsReportedAtOnceEachWithItsFix() throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 64, 40, 32);
        Files.delete(fb.device);
        HardwareException e = assertThrows(HardwareException.class,
                () -> FramebufferPanel.open(fb.settings(50, 30, Rotation.R0, FramebufferPanel.Access.AUTO), 24, 16));
        assertEquals(2, e.problems().size(), e.getMessage());
        String window = e.problems().get(0);
        assertTrue(window.startsWith("hardware.framebuffer.window:") && window.contains("reaches x=74, y=46")
                && window.contains("at most at x=40, y=24") && window.contains("sender card"), window);
        String device = e.problems().get(1);
        assertTrue(device.contains("/dev/fb0 does not exist") && device.contains("ls /dev/fb*"), device);
    }

    @Test
    void turnedWindowIsCheckedWithItsSidesSwapped() throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 64, 40, 32);
        // 30x20 fits at (0,0) unturned, but turned it is 20x30 and 30 < 40: fits; at y=15 it does not.
        FramebufferPanel.open(fb.settings(0, 0, Rotation.R90, FramebufferPanel.Access.MMAP), 30, 20).close();
        HardwareException e = assertThrows(HardwareException.class,
                () -> FramebufferPanel.open(fb.settings(0, 15, Rotation.R90, FramebufferPanel.Access.MMAP), 30, 20));
        assertTrue(e.getMessage().contains("turned 90° (20x30 in the HDMI picture)"), e.getMessage());
    }

    @Test
    void unsupportedDepthNamesTheSettingThatFixesIt() throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 64, 40, 24);
        HardwareException e = assertThrows(HardwareException.class,
                () -> FramebufferPanel.open(fb.settings(0, 0, Rotation.R0, FramebufferPanel.Access.AUTO), 8, 8));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("24 bits per pixel") && e.problems().get(0).contains("video=HDMI-A-1:1920x1080M-32@60D")
                && e.problems().get(0).contains("framebuffer_depth=32"), e.getMessage());
    }

    @Test
    void strideSmallerThanARowIsRefused() throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 64, 40, 32, 200);
        HardwareException e = assertThrows(HardwareException.class,
                () -> FramebufferPanel.open(fb.settings(0, 0, Rotation.R0, FramebufferPanel.Access.AUTO), 8, 8));
        assertTrue(e.getMessage().contains("stride of 200 bytes") && e.getMessage().contains("takes 256 bytes"), e.getMessage());
    }

    @Test
    void missingFramebufferNamesTheHdmiSettings() {
        HardwareException e = assertThrows(HardwareException.class,
                () -> FramebufferPanel.open(FramebufferPanel.Settings.of("/dev/fb1", 0, 0, Rotation.R0).withRoot(root), 8, 8));
        assertTrue(e.getMessage().contains("there is no framebuffer fb1") && e.getMessage().contains("video=HDMI-A-1"), e.getMessage());
    }

    @Test
    void aDeviceThatIsAFolderOrAWrongNameIsReported() throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 64, 40, 32);
        Files.delete(fb.device);
        Files.createDirectory(fb.device);
        HardwareException e = assertThrows(HardwareException.class,
                () -> FramebufferPanel.open(fb.settings(0, 0, Rotation.R0, FramebufferPanel.Access.AUTO), 8, 8));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
        HardwareException named = assertThrows(HardwareException.class,
                () -> FramebufferPanel.open(FramebufferPanel.Settings.of("/dev/video0", 0, 0, Rotation.R0).withRoot(root), 8, 8));
        assertTrue(named.getMessage().contains("expected a framebuffer device like /dev/fb0"), named.getMessage());
    }

    @Test
    void aFileShorterThanTheGeometryIsNotExtended() throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 64, 40, 32);
        Files.write(fb.device, new byte[100]);
        HardwareException e = assertThrows(HardwareException.class,
                () -> FramebufferPanel.open(fb.settings(0, 0, Rotation.R0, FramebufferPanel.Access.AUTO), 8, 8));
        assertTrue(e.getMessage().contains("regular file of 100 bytes"), e.getMessage());
        assertEquals(100, Files.size(fb.device));
    }

    @ParameterizedTest
    @EnumSource(value = FramebufferPanel.Access.class, names = {"MMAP", "CHANNEL_MAP", "WRITE"})
    void wrongFrameSizeAndClosedPanelAreRefused(FramebufferPanel.Access access) throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 64, 40, 32);
        FramebufferPanel panel = FramebufferPanel.open(fb.settings(0, 0, Rotation.R0, access), 8, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> panel.show(new Frame(8, 9)));
        assertTrue(e.getMessage().contains("8x9") && e.getMessage().contains("8x8"), e.getMessage());
        panel.close();
        panel.close();
        assertThrows(IllegalStateException.class, () -> panel.show(new Frame(8, 8)));
    }

    @ParameterizedTest
    @EnumSource(value = FramebufferPanel.Access.class, names = {"MMAP", "CHANNEL_MAP", "WRITE"})
    void showAllocatesNothingPerFrame(FramebufferPanel.Access access) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FakeFramebuffer fb = FakeFramebuffer.create(root, 320, 200, 32);
        try (FramebufferPanel straight = FramebufferPanel.open(fb.settings(10, 10, Rotation.R0, access), 160, 90)) {
            Frame f = pattern(160, 90);
            for (int i = 0; i < 2000; i++) {
                straight.show(f);
            }
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 200; i++) {
                straight.show(f);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertTrue(allocated < 200 * 16, "200 frames allocated " + allocated + " bytes");
        }
    }

    private static void copyResourceTree(String dir, List<String> files, Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : files) {
            try (InputStream in = FramebufferPanelTest.class.getClassLoader().getResourceAsStream(dir + "/" + f)) {
                if (in == null) {
                    throw new IOException("missing test resource " + dir + "/" + f);
                }
                Files.copy(in, to.resolve(f));
            }
        }
    }
}
