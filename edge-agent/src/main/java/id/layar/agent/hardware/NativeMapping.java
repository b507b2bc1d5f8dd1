package id.layar.agent.hardware;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared read-write memory map of the start of a file or a device, made with mmap(2) through JNA. Java 17's
 * {@code FileChannel.map} cannot map a character device such as {@code /dev/fb0} (it first tries to extend the file
 * to the mapped size, which fails with "Invalid argument"), and it cannot unmap: its mapping stays until the garbage
 * collector drops the buffer. This one maps devices and regular files alike, and {@link #close} unmaps.
 *
 * <p>After {@link #close} the buffer points at memory that is gone, and touching it crashes the JVM. The one user,
 * {@link FramebufferPanel}, drops its views of the buffer before closing, and never closes while it writes.
 */
final class NativeMapping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NativeMapping.class);

    // Linux's values, the same on x86-64, arm64 and armhf.
    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 2;
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 1;
    /** Error numbers ({@code errno}) with their own advice. */
    static final int EPERM = 1;
    static final int EACCES = 13;
    static final int ENODEV = 19;
    /** The ioctl that fills a {@code struct fb_fix_screeninfo} ({@code <linux/fb.h>}). */
    private static final long FBIOGET_FSCREENINFO = 0x4602;

    /** The C library calls used. {@code size_t} and {@code off_t} are C longs here (32 or 64 bits, like the CPU). */
    interface LibC extends Library {
        int open(String path, int flags);

        Pointer mmap(Pointer address, NativeLong length, int protection, int flags, int fd, NativeLong offset);

        int munmap(Pointer address, NativeLong length);

        int ioctl(int fd, NativeLong request, byte[] argument);

        int close(int fd);

        String strerror(int errno);
    }

    /** The C library through JNA, or null when JNA cannot be used here; then {@link #UNAVAILABLE} says why. */
    private static final LibC C;
    private static final String UNAVAILABLE;

    static {
        LibC c = null;
        String why = null;
        if (!"Linux".equals(System.getProperty("os.name"))) {
            why = "this is " + System.getProperty("os.name") + ", not Linux";
        } else {
            try {
                c = Native.load("c", LibC.class);
            } catch (LinkageError | RuntimeException e) {
                // No JNA classes, or its native part cannot be loaded (unknown CPU, no writable folder to unpack it in).
                why = e.toString();
            }
        }
        C = c;
        UNAVAILABLE = why;
        // Said once: which way the framebuffer output (access AUTO) writes.
        if (c != null) {
            LOG.info("mmap(2) through JNA {} works here: the framebuffer output (access AUTO) maps the device with it",
                    Native.VERSION);
        } else {
            LOG.warn("JNA cannot be used ({}): the framebuffer output (access AUTO) maps regular files with FileChannel.map"
                    + " and writes devices one row per system call", why);
        }
    }

    /** Whether mmap(2) can be called here: Linux, and JNA loaded. */
    static boolean available() {
        return C != null;
    }

    /** Why {@link #available} is false, or null. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** A failed C call, with the error number it left ({@code errno}; 0 when no call could be made). */
    static final class Failure extends IOException {
        private final int errno;

        Failure(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    private final Pointer address;
    private final NativeLong length;
    private final int fd;
    private final ByteBuffer buffer;
    private boolean closed;

    private NativeMapping(Pointer address, long length, int fd) {
        this.address = address;
        this.length = new NativeLong(length);
        this.fd = fd;
        this.buffer = address.getByteBuffer(0, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Maps the first {@code length} bytes of {@code file} for reading and writing, shared (writes reach the file or
     * device): {@code open(O_RDWR)}, then {@code mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0)}.
     *
     * @throws Failure naming the call, the file and the error
     */
    static NativeMapping map(Path file, long length) throws Failure {
        if (length < 1 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("can map 1 to " + Integer.MAX_VALUE + " bytes; asked for " + length);
        }
        if (C == null) {
            throw new Failure(0, "cannot call mmap(2): " + UNAVAILABLE);
        }
        int fd = C.open(file.toString(), O_RDWR);
        if (fd < 0) {
            throw failure("open " + file + " for reading and writing");
        }
        Pointer p = C.mmap(null, new NativeLong(length), PROT_READ | PROT_WRITE, MAP_SHARED, fd, new NativeLong(0));
        if (mapFailed(p)) {
            Failure f = failure("map " + length + " bytes of " + file);
            C.close(fd);
            throw f;
        }
        return new NativeMapping(p, length, fd);
    }

    /** mmap(2) returns MAP_FAILED, {@code (void *) -1}, on error. */
    private static boolean mapFailed(Pointer p) {
        if (p == null) {
            return true;
        }
        long v = Pointer.nativeValue(p);
        return v == -1 || Native.POINTER_SIZE == 4 && v == 0xFFFFFFFFL;
    }

    /** The error the last call on this thread left, as a failure to {@code what}. */
    private static Failure failure(String what) {
        int errno = Native.getLastError();
        return new Failure(errno, "cannot " + what + ": " + C.strerror(errno) + " (errno " + errno + ")");
    }

    /**
     * The framebuffer memory a device has ({@code smem_len} from {@code FBIOGET_FSCREENINFO}), or -1 when that cannot
     * be known: no JNA, not a framebuffer (a regular file, another device), or the device cannot be opened.
     */
    static long framebufferMemory(Path device) {
        if (C == null) {
            return -1;
        }
        int fd = C.open(device.toString(), O_RDONLY);
        if (fd < 0) {
            return -1;
        }
        try {
            // struct fb_fix_screeninfo: char id[16]; unsigned long smem_start; __u32 smem_len; ... (68 or 80 bytes).
            byte[] fix = new byte[128];
            if (C.ioctl(fd, new NativeLong(FBIOGET_FSCREENINFO), fix) != 0) {
                return -1;
            }
            return ByteBuffer.wrap(fix).order(ByteOrder.nativeOrder()).getInt(16 + Native.LONG_SIZE) & 0xFFFFFFFFL;
        } finally {
            C.close(fd);
        }
    }

    /** The mapped bytes, little-endian. Not to be touched after {@link #close}. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** Unmaps and closes the descriptor. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (C.munmap(address, length) != 0) {
            // Only possible with a wrong address or length; nothing more to do than say so.
            LOG.warn("munmap failed: {}", C.strerror(Native.getLastError()));
        }
        C.close(fd);
    }
}
