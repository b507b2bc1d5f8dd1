package id.layar.agent.hardware;

import id.layar.render.Frame;
import id.layar.render.PanelPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HDMI output: the panel image written into a Linux framebuffer ({@code /dev/fbN}) inside the rectangle the LED
 * sender card captures (NovaStar, Colorlight, Linsn), the rest of the HDMI picture black.
 *
 * <p>Geometry comes from sysfs ({@code /sys/class/graphics/fbN/virtual_size}, {@code bits_per_pixel},
 * {@code stride}) under an injected root, so tests point it at a fake tree and a regular file of the same layout.
 * Supports 32-bit XRGB8888 (little-endian bytes B, G, R, X) and 16-bit RGB565 (the per-pixel loops are {@link RowKernels}).
 * Everything is checked before anything is written, and every problem is reported at once with its fix. The whole
 * framebuffer is cleared to black once, at open; {@link #show} then writes only the window's rows.
 *
 * <p>Three ways of writing, one conversion. {@link Access#MMAP} writes through a memory map of the device (or file)
 * that mmap(2), called through JNA, makes ({@link NativeMapping}); {@link Access#CHANNEL_MAP} through Java's own map
 * of a regular file. Both put each row into the map's int or short view, little-endian. Java 17 cannot map a device
 * file ({@code FileChannel.map} first tries to extend the file to the mapped size, which fails with "Invalid
 * argument" on a character device), hence MMAP. {@link Access#WRITE} converts each row into one reused direct buffer
 * and writes it at its offset ({@code pwrite}). {@link Access#AUTO} is MMAP wherever JNA works, and otherwise what
 * Java alone can do. All three are tested against the same file layout.
 *
 * <p>{@link #show} allocates nothing. Not thread-safe except {@link #setBrightness} and {@link #close}: one player
 * thread shows frames. {@link #close} may come from another thread (shutdown): it waits for the frame being written,
 * because after it the mapping is gone.
 */
public final class FramebufferPanel implements PanelPort, Dimmable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FramebufferPanel.class);
    /** Config keys, used in messages so a technician knows which line to change. */
    static final String KEY = "hardware.framebuffer";
    static final Pattern DEVICE = Pattern.compile("/dev/fb([0-9]{1,2})");

    /** How bytes reach the framebuffer. */
    public enum Access {
        /** Through a memory map made with mmap(2) through JNA: devices and regular files; unmapped at close. */
        MMAP,
        /** Through {@code FileChannel.map}: regular files only (Java 17 cannot map a device file). */
        CHANNEL_MAP,
        /** One positional write ({@code pwrite}) per window row from a reused direct buffer: devices and files. */
        WRITE,
        /**
         * {@link #MMAP} when JNA works here (Linux); otherwise, or when the device refuses the mapping,
         * {@link #CHANNEL_MAP} for a regular file and {@link #WRITE} for a device.
         */
        AUTO
    }

    /**
     * Where and how the panel image goes.
     *
     * @param root     the file system root that {@code /dev} and {@code /sys} are under: {@code /} on a device, a
     *                 temporary folder in tests
     * @param device   the framebuffer device, {@code /dev/fb0} unless the board has several
     * @param windowX  left edge of the sender card's capture window in the HDMI picture, in pixels
     * @param windowY  top edge of the capture window
     * @param rotation how the panel image is turned, clockwise, into the window
     * @param access   how bytes are written
     */
    public record Settings(Path root, String device, int windowX, int windowY, Rotation rotation, Access access) {
        public static final String DEFAULT_DEVICE = "/dev/fb0";

        public Settings {
            if (root == null || device == null || rotation == null || access == null) {
                throw new NullPointerException("root, device, rotation and access must be set");
            }
        }

        /** The device at {@code /}, written the way that works there. */
        public static Settings of(String device, int windowX, int windowY, Rotation rotation) {
            return new Settings(Path.of("/"), device, windowX, windowY, rotation, Access.AUTO);
        }

        public Settings withRoot(Path root) {
            return new Settings(root, device, windowX, windowY, rotation, access);
        }

        public Settings withAccess(Access access) {
            return new Settings(root, device, windowX, windowY, rotation, access);
        }
    }

    /**
     * What sysfs says about a framebuffer.
     *
     * @param width        {@code virtual_size} x, pixels
     * @param height       {@code virtual_size} y, pixels
     * @param bitsPerPixel {@code bits_per_pixel}
     * @param stride       {@code stride}: bytes from one row to the next (at least {@code width * bytes per pixel})
     */
    public record Geometry(int width, int height, int bitsPerPixel, int stride) {
        public int bytesPerPixel() {
            return bitsPerPixel / 8;
        }

        /** Bytes from the first row's start to the last row's end. */
        public long size() {
            return (long) stride * height;
        }

        @Override
        public String toString() {
            return width + "x" + height + ", " + bitsPerPixel + " bits per pixel, stride " + stride + " bytes";
        }
    }

    private final int width;
    private final int height;
    private final Geometry geometry;
    private final Settings settings;
    private final Access access;
    private final int windowWidth;
    private final int windowHeight;
    private final Dimming dimming = new Dimming(Dimming.HDMI_GAMMA);

    private boolean closed;
    // WRITE and CHANNEL_MAP: the device as opened and checked (MMAP's own descriptor is in its mapping).
    private FileChannel channel;
    // MMAP: the mapping, unmapped at close.
    private NativeMapping nativeMapping;
    // MMAP and CHANNEL_MAP: the mapped bytes and their views (little-endian).
    private ByteBuffer map;
    private IntBuffer mapInts;
    private ShortBuffer mapShorts;
    // WRITE: one row, direct, little-endian, with its views.
    private final ByteBuffer rowBytes;
    private final IntBuffer rowInts;
    private final ShortBuffer rowShorts;
    // Both: one converted row.
    private final int[] rowPixels;
    private final short[] row565;
    private RowKernels kernels = RowKernels.best();

    private FramebufferPanel(int width, int height, Geometry geometry, Settings settings, Access access, FileChannel channel,
            NativeMapping nativeMapping) {
        this.width = width;
        this.height = height;
        this.geometry = geometry;
        this.settings = settings;
        this.access = access;
        this.channel = channel;
        this.nativeMapping = nativeMapping;
        this.windowWidth = settings.rotation().swapsSides() ? height : width;
        this.windowHeight = settings.rotation().swapsSides() ? width : height;
        this.rowPixels = new int[windowWidth];
        this.row565 = geometry.bitsPerPixel() == 16 ? new short[windowWidth] : null;
        if (access == Access.WRITE) {
            rowBytes = ByteBuffer.allocateDirect(windowWidth * geometry.bytesPerPixel()).order(ByteOrder.LITTLE_ENDIAN);
            rowInts = rowBytes.asIntBuffer();
            rowShorts = rowBytes.asShortBuffer();
        } else {
            rowBytes = null;
            rowInts = null;
            rowShorts = null;
        }
    }

    /**
     * Checks the settings against the framebuffer's geometry and the device, opens it and clears it to black.
     *
     * @param width  the panel image's width (the player's frames), pixels
     * @param height the panel image's height
     * @throws HardwareException listing every problem found, each with its fix
     */
    public static FramebufferPanel open(Settings settings, int width, int height) throws HardwareException {
        List<String> problems = new ArrayList<>();
        String what = "the framebuffer output " + settings.device();
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("panel size must be at least 1x1; found " + width + "x" + height);
        }
        Geometry g = readGeometry(settings.root(), settings.device(), problems);
        Rotation rot = settings.rotation();
        int ww = rot.swapsSides() ? height : width;
        int wh = rot.swapsSides() ? width : height;
        String placed = "the " + width + "x" + height + " panel image"
                + (rot.swapsSides() ? " turned " + rot.degrees() + "° (" + ww + "x" + wh + " in the HDMI picture)" : "");
        if (settings.windowX() < 0 || settings.windowY() < 0) {
            problems.add(KEY + ".window: x and y must be 0 or more; found x=" + settings.windowX() + ", y="
                    + settings.windowY() + "; set them to the capture window's top-left corner in the sender card software");
        } else if (g != null && ((long) settings.windowX() + ww > g.width() || (long) settings.windowY() + wh > g.height())) {
            problems.add(KEY + ".window: " + placed + " at x=" + settings.windowX() + ", y=" + settings.windowY()
                    + " reaches x=" + ((long) settings.windowX() + ww) + ", y=" + ((long) settings.windowY() + wh)
                    + ", outside the " + g.width() + "x" + g.height() + " framebuffer " + settings.device()
                    + "; the window may start at most at x=" + Math.max(0, g.width() - ww) + ", y=" + Math.max(0, g.height() - wh)
                    + (ww > g.width() || wh > g.height() ? ", and the image does not fit at all: raise the HDMI mode"
                    + " (video=HDMI-A-1:... in /boot/firmware/cmdline.txt) or check panel.width/height and the rotation" : "")
                    + "; make window.x/y match the capture window set in the sender card software");
        }

        Path device = resolve(settings.root(), settings.device());
        FileChannel channel = null;
        boolean regular = false;
        if (device != null) {
            channel = openDevice(device, settings.device(), problems);
            if (channel != null && g != null) {
                regular = Files.isRegularFile(device);
                checkSize(channel, device, regular, settings.device(), g, problems);
            }
        }
        if (settings.access() == Access.MMAP && !NativeMapping.available()) {
            problems.add(KEY + ".device: access MMAP calls mmap(2) through JNA, which cannot be used here ("
                    + NativeMapping.unavailableReason() + "); use access AUTO");
        }
        if (!problems.isEmpty()) {
            closeQuietly(channel);
            throw new HardwareException(what, problems);
        }

        Access access = settings.access();
        if (access == Access.AUTO) {
            access = NativeMapping.available() ? Access.MMAP : javaOnly(regular);
        }
        NativeMapping nativeMapping = null;
        if (access == Access.MMAP) {
            try {
                nativeMapping = NativeMapping.map(device, g.size());
                closeQuietly(channel); // checked; the mapping has its own descriptor
                channel = null;
            } catch (NativeMapping.Failure e) {
                if (settings.access() == Access.MMAP) {
                    closeQuietly(channel);
                    throw new HardwareException(what, KEY + ".device: " + e.getMessage() + mmapFix(e.errno()), e);
                }
                access = javaOnly(regular);
                LOG.warn("{}: {}; writing it with {} instead", settings.device(), e.getMessage(), access);
            }
        }
        FramebufferPanel panel = new FramebufferPanel(width, height, g, settings, access, channel, nativeMapping);
        try {
            panel.mapAndClear();
        } catch (IOException | RuntimeException e) {
            panel.close();
            throw new HardwareException(what, KEY + ".device: cannot " + (access == Access.WRITE ? "write to " : "map ")
                    + settings.device() + ": " + e.getMessage()
                    + (access == Access.CHANNEL_MAP && !regular ? "; Java 17's FileChannel.map cannot map device files:"
                    + " use access AUTO (mmap through JNA) or WRITE" : "; check the framebuffer with 'fbset -i'"), e);
        }
        return panel;
    }

    /** How Java alone writes: its own map for a regular file, a write per row for a device. */
    private static Access javaOnly(boolean regularFile) {
        return regularFile ? Access.CHANNEL_MAP : Access.WRITE;
    }

    /** What to do when mmap(2) of the device failed with {@code errno}. */
    private static String mmapFix(int errno) {
        return switch (errno) {
            case NativeMapping.EPERM, NativeMapping.EACCES -> "; the user needs the video group (the layar-agent service"
                    + " gets it through SupplementaryGroups=video; run by hand, use 'sudo usermod -aG video $USER' and log in"
                    + " again)";
            case NativeMapping.ENODEV -> "; the framebuffer driver does not support mapping: use access AUTO or WRITE";
            default -> "; check the framebuffer with 'fbset -i', or use access AUTO or WRITE";
        };
    }

    /**
     * The file, or the device's framebuffer memory where the kernel says how much it has, must hold the whole
     * geometry: a mapping or a write past its end fails.
     */
    private static void checkSize(FileChannel channel, Path device, boolean regular, String name, Geometry g,
            List<String> problems) {
        if (g.size() > Integer.MAX_VALUE) {
            problems.add(KEY + ".device: " + name + " is " + g + ", " + g.size() + " bytes: too large to map; check"
                    + " 'fbset -i' and the HDMI mode");
            return;
        }
        if (regular) {
            try {
                long size = channel.size();
                if (size < g.size()) {
                    problems.add(KEY + ".device: " + name + " is a regular file of " + size + " bytes but a " + g
                            + " framebuffer takes " + g.size() + "; point device at the framebuffer (/dev/fb0), not a file");
                }
            } catch (IOException e) {
                problems.add(KEY + ".device: cannot read the size of " + name + ": " + e.getMessage());
            }
            return;
        }
        long memory = NativeMapping.framebufferMemory(device);
        if (memory >= 0 && memory < g.size()) {
            problems.add(KEY + ".device: " + name + " has " + memory + " bytes of framebuffer memory (smem_len) but its"
                    + " sysfs geometry, " + g + ", takes " + g.size() + "; the driver's geometry is inconsistent: check"
                    + " 'fbset -i' and the HDMI mode");
        }
    }

    /**
     * Reads a framebuffer's geometry from sysfs under {@code root}.
     *
     * @throws HardwareException naming every file that is missing or malformed
     */
    public static Geometry readGeometry(Path root, String device) throws HardwareException {
        List<String> problems = new ArrayList<>();
        Geometry g = readGeometry(root, device, problems);
        if (!problems.isEmpty()) {
            throw new HardwareException("the framebuffer " + device, problems);
        }
        return g;
    }

    private static Geometry readGeometry(Path root, String device, List<String> problems) {
        Matcher m = DEVICE.matcher(device);
        if (!m.matches()) {
            problems.add(KEY + ".device: expected a framebuffer device like /dev/fb0; found '" + device
                    + "'; list them with 'ls /dev/fb*'");
            return null;
        }
        String name = "fb" + m.group(1);
        Path dir = root.resolve("sys/class/graphics").resolve(name);
        if (!Files.isDirectory(dir)) {
            problems.add(KEY + ".device: there is no framebuffer " + name + " (" + dir + " does not exist); is a display"
                    + " connected or forced on? Add video=HDMI-A-1:1920x1080M@60D to /boot/firmware/cmdline.txt (KMS) or"
                    + " hdmi_force_hotplug=1 to config.txt (firmware KMS), reboot, then check 'ls /sys/class/graphics'");
            return null;
        }
        int before = problems.size();
        int[] size = ints(dir.resolve("virtual_size"), 2, problems);
        int[] bpp = ints(dir.resolve("bits_per_pixel"), 1, problems);
        int[] stride = ints(dir.resolve("stride"), 1, problems);
        if (problems.size() > before) {
            return null;
        }
        Geometry g = new Geometry(size[0], size[1], bpp[0], stride[0]);
        if (g.width() < 1 || g.height() < 1) {
            problems.add(KEY + ".device: " + name + " reports a size of " + g.width() + "x" + g.height()
                    + "; no HDMI mode is set: set one with video=HDMI-A-1:1920x1080M@60D in /boot/firmware/cmdline.txt");
            return null;
        }
        if (g.bitsPerPixel() != 16 && g.bitsPerPixel() != 32) {
            problems.add(KEY + ".device: " + name + " is " + g.bitsPerPixel() + " bits per pixel; supported are 16"
                    + " (RGB565) and 32 (XRGB8888): set 32 with video=HDMI-A-1:1920x1080M-32@60D in /boot/firmware/cmdline.txt"
                    + " (KMS) or framebuffer_depth=32 in config.txt (firmware KMS)");
            return null;
        }
        long rowBytes = (long) g.width() * g.bytesPerPixel();
        if (g.stride() < rowBytes || g.stride() % g.bytesPerPixel() != 0) {
            problems.add(KEY + ".device: " + name + " reports a stride of " + g.stride() + " bytes, but a row of "
                    + g.width() + " pixels at " + g.bitsPerPixel() + " bits takes " + rowBytes + " bytes (and the stride must"
                    + " be a whole number of pixels); the driver's geometry is inconsistent: check 'fbset -i' and the HDMI mode");
            return null;
        }
        return g;
    }

    /** Whole numbers from a sysfs file like "1920,1080" or "32". */
    private static int[] ints(Path file, int count, List<String> problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            problems.add(KEY + ".device: cannot read " + file + " (" + e.getClass().getSimpleName() + "); the kernel"
                    + " exposes it for every framebuffer: is this the right root and device?");
            return null;
        }
        String[] parts = text.split(",");
        if (parts.length == count) {
            int[] out = new int[count];
            boolean ok = true;
            for (int i = 0; i < count; i++) {
                String p = parts[i].trim();
                ok &= p.matches("[0-9]{1,6}");
                out[i] = ok ? Integer.parseInt(p) : 0;
            }
            if (ok) {
                return out;
            }
        }
        problems.add(KEY + ".device: " + file + " holds '" + text + "'; expected " + (count == 2 ? "two whole numbers"
                + " like 1920,1080" : "a whole number"));
        return null;
    }

    private static Path resolve(Path root, String device) {
        if (!DEVICE.matcher(device).matches()) {
            return null;
        }
        return root.resolve(device.substring(1));
    }

    private static FileChannel openDevice(Path device, String name, List<String> problems) {
        if (Files.isDirectory(device)) {
            problems.add(KEY + ".device: " + name + " (" + device + ") is a folder, not a framebuffer device");
            return null;
        }
        try {
            return FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            problems.add(KEY + ".device: " + name + " does not exist (" + device + "); is HDMI enabled"
                    + " (dtoverlay=vc4-kms-v3d in config.txt) and the console framebuffer not disabled? Check 'ls /dev/fb*'");
        } catch (AccessDeniedException e) {
            problems.add(KEY + ".device: " + name + " is not writable by this user: the user needs the video group"
                    + " (the layar-agent service gets it through SupplementaryGroups=video; run by hand, use"
                    + " 'sudo usermod -aG video $USER' and log in again)");
        } catch (IOException | UnsupportedOperationException e) {
            problems.add(KEY + ".device: cannot open " + name + " for writing: " + e.getMessage());
        }
        return null;
    }

    private void mapAndClear() throws IOException {
        long size = geometry.size(); // at most Integer.MAX_VALUE (checkSize)
        byte[] zeros = new byte[(int) Math.min(size, 1 << 16)];
        if (access == Access.WRITE) {
            ByteBuffer z = ByteBuffer.allocateDirect(zeros.length);
            for (long at = 0; at < size; ) {
                z.clear().limit((int) Math.min(z.capacity(), size - at));
                while (z.hasRemaining()) {
                    at += channel.write(z, at);
                }
            }
            return;
        }
        map = access == Access.MMAP ? nativeMapping.buffer() : channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        map.order(ByteOrder.LITTLE_ENDIAN);
        mapInts = map.asIntBuffer();
        mapShorts = map.asShortBuffer();
        for (int at = 0; at < size; at += zeros.length) {
            map.put(at, zeros, 0, (int) Math.min(zeros.length, size - at));
        }
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    public Geometry geometry() {
        return geometry;
    }

    public Settings settings() {
        return settings;
    }

    /** How bytes are actually written (never {@link Access#AUTO}). */
    public Access access() {
        return access;
    }

    @Override
    public void setBrightness(double level) {
        dimming.setLevel(level);
    }

    @Override
    public double brightness() {
        return dimming.level();
    }

    /**
     * Writes {@code frame} into the capture window. Allocation-free.
     *
     * @throws IllegalArgumentException when the frame is not the panel's size
     * @throws IllegalStateException    after {@link #close}
     * @throws UncheckedIOException     when a write fails (the watchdog reopens the output)
     */
    @Override
    public synchronized void show(Frame frame) {
        if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException("cannot show a " + frame.width() + "x" + frame.height() + " frame on the "
                    + width + "x" + height + " framebuffer output: sizes must match");
        }
        if (closed) {
            throw new IllegalStateException("the framebuffer output " + settings.device() + " is closed");
        }
        int[] src = frame.pixels();
        Dimming.Step dim = dimming.step();
        boolean direct = settings.rotation() == Rotation.R0 && dim.full();
        int stridePixels = geometry.stride() / geometry.bytesPerPixel();
        int first = settings.windowY() * stridePixels + settings.windowX();
        for (int r = 0; r < windowHeight; r++) {
            int[] row;
            int off;
            if (direct) {
                row = src;
                off = r * width;
            } else {
                gather(src, r, dim);
                row = rowPixels;
                off = 0;
            }
            int at = first + r * stridePixels;
            if (row565 == null) {
                if (access == Access.WRITE) {
                    rowInts.put(0, row, off, windowWidth);
                    writeRow(at);
                } else {
                    mapInts.put(at, row, off, windowWidth);
                }
            } else {
                short[] s = row565;
                kernels.pack565(row, off, s, windowWidth);
                if (access == Access.WRITE) {
                    rowShorts.put(0, s, 0, windowWidth);
                    writeRow(at);
                } else {
                    mapShorts.put(at, s, 0, windowWidth);
                }
            }
        }
    }

    /** Row {@code r} of the window, taken from the frame through the rotation and the dimming table. */
    private void gather(int[] src, int r, Dimming.Step dim) {
        int w = width;
        int h = height;
        int start;
        int step;
        switch (settings.rotation()) {
            case R0 -> {
                start = r * w;
                step = 1;
            }
            case R180 -> {
                start = (h - 1 - r) * w + (w - 1);
                step = -1;
            }
            case R90 -> {
                // Window pixel (i, r) comes from frame pixel (r, h-1-i).
                start = (h - 1) * w + r;
                step = -w;
            }
            default -> {
                // R270: window pixel (i, r) comes from frame pixel (w-1-r, i).
                start = w - 1 - r;
                step = w;
            }
        }
        int[] out = rowPixels;
        int n = windowWidth;
        if (step == 1 && !dim.full()) {
            kernels.scale(src, start, out, n, dim.multiplier()); // R0 dimmed: a whole row at once
        } else if (dim.full()) {
            for (int i = 0, s = start; i < n; i++, s += step) {
                out[i] = src[s] | 0xFF000000;
            }
        } else {
            for (int i = 0, s = start; i < n; i++, s += step) {
                out[i] = dim.apply(src[s]);
            }
        }
    }

    /** The per-pixel loops in use ({@link RowKernels#best()} unless set): benchmarks compare them. */
    public RowKernels kernels() {
        return kernels;
    }

    /** Uses {@code kernels} from the next {@link #show} on: the same bytes, another speed. */
    public void useKernels(RowKernels kernels) {
        this.kernels = Objects.requireNonNull(kernels, "kernels");
    }

    /** Writes the row buffer at pixel index {@code at} (WRITE access). */
    private void writeRow(int at) {
        ByteBuffer b = rowBytes;
        b.clear();
        long pos = (long) at * geometry.bytesPerPixel();
        try {
            while (b.hasRemaining()) {
                channel.write(b, pos + b.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the framebuffer " + settings.device() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Releases the device, after the frame being written if another thread is showing one. MMAP unmaps here;
     * a CHANNEL_MAP mapping stays until the garbage collector drops it (Java 17 cannot unmap explicitly). Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        map = null;
        mapInts = null;
        mapShorts = null;
        if (nativeMapping != null) {
            nativeMapping.close();
            nativeMapping = null;
        }
        closeQuietly(channel);
        channel = null;
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // Nothing to do: the device is released by the kernel with the process anyway.
            }
        }
    }

    @Override
    public String toString() {
        return "FramebufferPanel[" + settings.device() + " " + geometry + ", " + width + "x" + height + " panel at "
                + settings.windowX() + "," + settings.windowY() + ", rotation " + settings.rotation().degrees() + ", "
                + "access " + access + ", " + kernels.name() + " kernels" + "]";
    }
}
