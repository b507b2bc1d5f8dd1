package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.render.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

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
        Frame f = pattern(1536, 768);
        try (FramebufferPanel panel = FramebufferPanel.open(FramebufferPanel.Settings.of("/dev/fb0", 192, 156, Rotation.R0)
                .withRoot(tree), 1536, 768)) {
            panel.show(f);
            assertTrue(panel.toString().contains("1920x1080") && panel.toString().contains("access MMAP"), panel.toString());
        }
        // The file read as the Pi 4's scan-out reads it: rows of 3840 bytes, RGB565 little-endian.
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(tree.resolve("dev/fb0"))).order(ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < 1080; y++) {
            for (int x = 0; x < 1920; x++) {
                boolean inside = x >= 192 && x < 192 + 1536 && y >= 156 && y < 156 + 768;
                int expected = inside ? rgb565(f.get(x - 192, y - 156)) : 0;
                int actual = b.getShort(y * 3840 + x * 2) & 0xFFFF;
                if (actual != expected) {
                    assertEquals(expected, actual, "pixel " + x + "," + y + (inside ? " (window)" : " (outside: black)"));
                }
            }
        }
    }

    private static int rgb565(int rgb) {
        return (rgb >> 19 & 0x1F) << 11 | (rgb >> 10 & 0x3F) << 5 | rgb >> 3 & 0x1F;
    }

    static Stream<Arguments> depthsAndRotations() {
        return Stream.of(16, 32).flatMap(bpp -> Stream.of(Rotation.values()).map(r -> Arguments.of(bpp, r)));
    }

    /**
     * The frame pixel that lands at window pixel (wx, wy), turned clockwise by {@code rotation}, for a {@code w}x{@code h}
     * frame: written out per rotation here, not taken from the panel.
     */
    private static int source(Frame f, Rotation rotation, int wx, int wy) {
        int w = f.width();
        int h = f.height();
        return switch (rotation) {
            case R0 -> f.get(wx, wy);
            case R90 -> f.get(wy, h - 1 - wx);
            case R180 -> f.get(w - 1 - wx, h - 1 - wy);
            case R270 -> f.get(w - 1 - wy, wx);
        };
    }

    @ParameterizedTest(name = "{0} bpp, {1}")
    @MethodSource("depthsAndRotations")
    void mmapWritesTheSameBytesAsFileChannelMapAndRowWrites(int bpp, Rotation rotation) throws Exception {
        // A padded stride (40 pixels of 2 or 4 bytes plus 12 or 24 bytes), an odd-sized panel off the origin.
        int stride = 40 * bpp / 8 + 3 * bpp / 4;
        Frame f = pattern(9, 5);
        f.set(0, 0, 0xFF0000);
        f.set(8, 4, 0x00FF7F);
        int ww = rotation.swapsSides() ? 5 : 9;
        int wh = rotation.swapsSides() ? 9 : 5;
        int x0 = 7;
        int y0 = 3;
        byte[][] full = new byte[3][];
        byte[][] dimmed = new byte[3][];
        FramebufferPanel.Access[] accesses = {FramebufferPanel.Access.MMAP, FramebufferPanel.Access.CHANNEL_MAP,
                FramebufferPanel.Access.WRITE};
        for (int i = 0; i < 3; i++) {
            FakeFramebuffer fb = FakeFramebuffer.create(root.resolve(accesses[i].name()), 40, 30, bpp, stride);
            try (FramebufferPanel panel = FramebufferPanel.open(fb.settings(x0, y0, rotation, accesses[i]), 9, 5)) {
                assertEquals(accesses[i], panel.access());
                panel.show(f);
                full[i] = fb.bytes();
                panel.setBrightness(0.4);
                panel.show(f);
                dimmed[i] = fb.bytes();
            }
            if (i == 0) {
                // The mapped file, checked against the frame on its own: window, black around it, padding cleared.
                for (int y = 0; y < 30; y++) {
                    for (int x = 0; x < 40; x++) {
                        boolean inside = x >= x0 && x < x0 + ww && y >= y0 && y < y0 + wh;
                        int rgb = inside ? source(f, rotation, x - x0, y - y0) : 0;
                        int expected = bpp == 32 ? rgb & 0xFFFFFF : widened565(rgb);
                        assertEquals(expected, fb.rgb(full[0], x, y), "pixel " + x + "," + y + (inside ? " (window)" : " (outside)"));
                    }
                    for (int pad = 40 * bpp / 8; pad < stride; pad++) {
                        assertEquals(0, full[0][y * stride + pad], "padding of row " + y);
                    }
                }
            }
        }
        assertArrayEquals(full[1], full[0], "MMAP and CHANNEL_MAP leave the same bytes");
        assertArrayEquals(full[2], full[0], "MMAP and WRITE leave the same bytes");
        assertArrayEquals(dimmed[1], dimmed[0], "dimmed: MMAP and CHANNEL_MAP leave the same bytes");
        assertArrayEquals(dimmed[2], dimmed[0], "dimmed: MMAP and WRITE leave the same bytes");
        assertFalse(Arrays.equals(full[0], dimmed[0]), "the dimmed frame is another frame");
    }

    /** An RGB colour as RGB565 keeps it, read back as FakeFramebuffer.rgb widens it. */
    private static int widened565(int rgb) {
        int v = rgb565(rgb);
        return (v >> 11 & 0x1F) << 19 | (v >> 5 & 0x3F) << 10 | (v & 0x1F) << 3;
    }

    /** dev/fb0 under the fake root made a link to a real character device, with the fake sysfs tree beside it. */
    private FakeFramebuffer deviceBacked(Path device) throws IOException {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 64, 40, 32);
        Files.delete(fb.device);
        Files.createSymbolicLink(fb.device, device);
        return fb;
    }

    @Test
    void aCharacterDeviceIsMemoryMappedWhereJavaAloneCannotMapIt() throws Exception {
        // /dev/zero maps (MAP_SHARED gives shared memory), like /dev/fb0, and is a character device, like /dev/fb0.
        FakeFramebuffer fb = deviceBacked(Path.of("/dev/zero"));
        try (FramebufferPanel panel = FramebufferPanel.open(fb.settings(4, 2, Rotation.R0, FramebufferPanel.Access.AUTO), 24, 16)) {
            assertEquals(FramebufferPanel.Access.MMAP, panel.access(), panel.toString());
            assertTrue(panel.toString().contains("access MMAP"), panel.toString());
            panel.show(pattern(24, 16));
        }
        HardwareException e = assertThrows(HardwareException.class,
                () -> FramebufferPanel.open(fb.settings(4, 2, Rotation.R0, FramebufferPanel.Access.CHANNEL_MAP), 24, 16));
        assertTrue(e.getMessage().contains("FileChannel.map cannot map device files") && e.getMessage().contains("access AUTO"),
                e.getMessage());
    }

    @Test
    void aDeviceThatRefusesMappingIsWrittenRowByRowUnderAutoAndReportedUnderMmap() throws Exception {
        // /dev/null has no mmap: mmap(2) fails with ENODEV, as it would for a framebuffer driver without one.
        FakeFramebuffer fb = deviceBacked(Path.of("/dev/null"));
        try (FramebufferPanel panel = FramebufferPanel.open(fb.settings(4, 2, Rotation.R0, FramebufferPanel.Access.AUTO), 24, 16)) {
            assertEquals(FramebufferPanel.Access.WRITE, panel.access(), panel.toString());
            panel.show(pattern(24, 16));
        }
        HardwareException e = assertThrows(HardwareException.class,
                () -> FramebufferPanel.open(fb.settings(4, 2, Rotation.R0, FramebufferPanel.Access.MMAP), 24, 16));
        assertTrue(e.getMessage().contains("/dev/fb0") && e.getMessage().contains("No such device")
                && e.getMessage().contains("does not support mapping"), e.getMessage());
    }

    @Test
    void closeUnmapsTheFramebuffer() throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 64, 40, 32);
        String file = fb.device.toRealPath().toString();
        FramebufferPanel panel = FramebufferPanel.open(fb.settings(0, 0, Rotation.R0, FramebufferPanel.Access.MMAP), 8, 8);
        assertTrue(mapped(file), file + " should be in /proc/self/maps while the panel is open");
        panel.close();
        assertFalse(mapped(file), file + " is still mapped after close");
        assertThrows(IllegalStateException.class, () -> panel.show(new Frame(8, 8)));
    }

    private static boolean mapped(String file) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.anyMatch(l -> l.endsWith(" " + file));
        }
    }

    @Test
    void closeFromAnotherThreadWaitsForTheFrameBeingWritten() throws Exception {
        // Without the wait, the player would write into unmapped memory: a crash of the whole JVM, not an exception.
        FakeFramebuffer fb = FakeFramebuffer.create(root, 1920, 1080, 32);
        FramebufferPanel panel = FramebufferPanel.open(fb.settings(0, 0, Rotation.R90, FramebufferPanel.Access.MMAP), 1080, 1920);
        Frame f = pattern(1080, 1920);
        CountDownLatch showing = new CountDownLatch(1);
        CompletableFuture<Throwable> player = CompletableFuture.supplyAsync(() -> {
            try {
                while (true) {
                    panel.show(f);
                    showing.countDown();
                }
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertTrue(showing.await(10, TimeUnit.SECONDS));
        panel.close();
        Throwable end = player.get(10, TimeUnit.SECONDS);
        assertTrue(end instanceof IllegalStateException && end.getMessage().contains("is closed"), String.valueOf(end));
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
