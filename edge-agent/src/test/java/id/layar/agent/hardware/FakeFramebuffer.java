package id.layar.agent.hardware;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A framebuffer of a given layout under a root folder: {@code sys/class/graphics/fbN/} with the attributes the kernel
 * exposes, and {@code dev/fbN} as a regular file of {@code stride * height} bytes, filled with a marker so the
 * clear-at-open shows. Reads pixels back the way the scan-out would.
 */
public final class FakeFramebuffer {
    static final byte GARBAGE = 0x5A;

    final Path root;
    final int width;
    final int height;
    final int bpp;
    final int stride;
    final Path device;

    private FakeFramebuffer(Path root, int width, int height, int bpp, int stride) {
        this.root = root;
        this.width = width;
        this.height = height;
        this.bpp = bpp;
        this.stride = stride;
        this.device = root.resolve("dev/fb0");
    }

    /** A tight framebuffer (stride = width x bytes per pixel). */
    public static FakeFramebuffer create(Path root, int width, int height, int bpp) throws IOException {
        return create(root, width, height, bpp, width * bpp / 8);
    }

    static FakeFramebuffer create(Path root, int width, int height, int bpp, int stride) throws IOException {
        FakeFramebuffer fb = new FakeFramebuffer(root, width, height, bpp, stride);
        Path sys = root.resolve("sys/class/graphics/fb0");
        Files.createDirectories(sys);
        Files.writeString(sys.resolve("virtual_size"), width + "," + height + "\n", StandardCharsets.US_ASCII);
        Files.writeString(sys.resolve("bits_per_pixel"), bpp + "\n", StandardCharsets.US_ASCII);
        Files.writeString(sys.resolve("stride"), stride + "\n", StandardCharsets.US_ASCII);
        Files.createDirectories(fb.device.getParent());
        byte[] garbage = new byte[stride * height];
        Arrays.fill(garbage, GARBAGE);
        Files.write(fb.device, garbage);
        return fb;
    }

    FramebufferPanel.Settings settings(int x, int y, Rotation rotation, FramebufferPanel.Access access) {
        return new FramebufferPanel.Settings(root, "/dev/fb0", x, y, rotation, access);
    }

    public byte[] bytes() throws IOException {
        return Files.readAllBytes(device);
    }

    /** The bytes of pixel (x, y) as stored. */
    static byte[] pixelBytes(byte[] all, int stride, int bpp, int x, int y) {
        int at = y * stride + x * bpp / 8;
        return Arrays.copyOfRange(all, at, at + bpp / 8);
    }

    byte[] pixelBytes(byte[] all, int x, int y) {
        return pixelBytes(all, stride, bpp, x, y);
    }

    /** Pixel (x, y) as {@code 0xRRGGBB}: XRGB8888 read little-endian, or RGB565 widened (low bits zero). */
    public int rgb(byte[] all, int x, int y) {
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int at = y * stride + x * bpp / 8;
        if (bpp == 32) {
            return b.getInt(at) & 0xFFFFFF;
        }
        int v = b.getShort(at) & 0xFFFF;
        return (v >> 11 & 0x1F) << 19 | (v >> 5 & 0x3F) << 10 | (v & 0x1F) << 3;
    }
}
