package id.layar.bench.fb;

import id.layar.agent.hardware.FramebufferPanel;
import id.layar.agent.hardware.HardwareException;
import id.layar.agent.hardware.RowKernels;
import id.layar.agent.hardware.Rotation;
import id.layar.render.Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Presenting one frame into a framebuffer, against copying the same number of bytes raw, in the same run.
 *
 * <p>The framebuffer is a FILE of the layout of a 1920x1080 HDMI framebuffer (XRGB8888 or RGB565) under a fake sysfs
 * tree, on /dev/shm when there is one (memory, like a framebuffer, and no disk writeback). The panel image is 1536x768,
 * placed at (192, 156): the sender card's capture window. Each operation is one whole frame.
 *
 * <ul>
 *   <li>{@code presentMapped}: {@link FramebufferPanel#show} through the memory map (int or short view, little-endian)
 *       that mmap(2) makes through JNA: access MMAP, the way the agent writes a real /dev/fbN.</li>
 *   <li>{@code presentChannelMapped}: the same through Java's own map (access CHANNEL_MAP, {@code FileChannel.map}),
 *       which Java 17 makes of regular files only: the same code on another mapping.</li>
 *   <li>{@code rawCopyMappedRows}: the window's bytes, already in framebuffer format, copied row by row into the same
 *       file, mapped, at the same offsets: the floor for any conversion.</li>
 *   <li>{@code rawCopyMappedContiguous}: the same number of bytes as one bulk copy (no row stride): a memcpy bound.</li>
 *   <li>{@code presentWrite} and {@code rawWriteRows}: the same with one positional write per row (access WRITE), the
 *       agent's fallback for a device when JNA cannot be used or the driver refuses the mapping.</li>
 *   <li>{@code presentMappedDimmed}, {@code presentMappedRotated180}: the slower paths (a multiply per channel,
 *       reversed rows), through the mmap(2) map, for information.</li>
 *   <li>{@code presentMappedPlainLoop}, {@code presentMappedDimmedPlainLoop}: the same with the plain Java loops instead
 *       of the Vector API kernels ({@code RowKernels}); at 32 bpp and full brightness no kernel runs, so
 *       {@code presentMappedPlainLoop} equals {@code presentMapped} there.</li>
 * </ul>
 *
 * <p>Forks run with {@code --add-modules jdk.incubator.vector}, as the agent's launcher runs {@code run}.
 */
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FramebufferPresentBenchmark {
    static final int FB_WIDTH = 1920;
    static final int FB_HEIGHT = 1080;
    static final int PANEL_WIDTH = 1536;
    static final int PANEL_HEIGHT = 768;
    static final int WINDOW_X = 192;
    static final int WINDOW_Y = 156;

    /** Bits per pixel of the framebuffer: 32 is XRGB8888, 16 is RGB565. */
    @Param({"32", "16"})
    public int bpp;

    private Path dir;
    private FramebufferPanel mapped;
    private FramebufferPanel channelMapped;
    private FramebufferPanel written;
    private FramebufferPanel dimmed;
    private FramebufferPanel rotated;
    private FramebufferPanel plainLoop;
    private FramebufferPanel dimmedPlainLoop;
    private Frame frame;

    private FileChannel rawChannel;
    private MappedByteBuffer rawMap;
    private byte[] windowBytes;
    private ByteBuffer rawRow;
    private int rowBytes;
    private int stride;

    @Setup(Level.Trial)
    public void setUp() throws IOException, HardwareException {
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "layar-fb-bench") : Files.createTempDirectory("layar-fb-bench");
        stride = FB_WIDTH * bpp / 8;
        Path sys = dir.resolve("sys/class/graphics/fb0");
        Files.createDirectories(sys);
        Files.writeString(sys.resolve("virtual_size"), FB_WIDTH + "," + FB_HEIGHT + "\n", StandardCharsets.US_ASCII);
        Files.writeString(sys.resolve("bits_per_pixel"), bpp + "\n", StandardCharsets.US_ASCII);
        Files.writeString(sys.resolve("stride"), stride + "\n", StandardCharsets.US_ASCII);
        Files.createDirectories(dir.resolve("dev"));
        Path device = dir.resolve("dev/fb0");
        Files.write(device, new byte[stride * FB_HEIGHT]);

        FramebufferPanel.Settings s = new FramebufferPanel.Settings(dir, "/dev/fb0", WINDOW_X, WINDOW_Y, Rotation.R0,
                FramebufferPanel.Access.MMAP);
        mapped = FramebufferPanel.open(s, PANEL_WIDTH, PANEL_HEIGHT);
        channelMapped = FramebufferPanel.open(s.withAccess(FramebufferPanel.Access.CHANNEL_MAP), PANEL_WIDTH, PANEL_HEIGHT);
        written = FramebufferPanel.open(s.withAccess(FramebufferPanel.Access.WRITE), PANEL_WIDTH, PANEL_HEIGHT);
        dimmed = FramebufferPanel.open(s, PANEL_WIDTH, PANEL_HEIGHT);
        dimmed.setBrightness(0.5);
        rotated = FramebufferPanel.open(new FramebufferPanel.Settings(dir, "/dev/fb0", WINDOW_X, WINDOW_Y, Rotation.R180,
                FramebufferPanel.Access.MMAP), PANEL_WIDTH, PANEL_HEIGHT);

        plainLoop = FramebufferPanel.open(s, PANEL_WIDTH, PANEL_HEIGHT);
        plainLoop.useKernels(RowKernels.plain());
        dimmedPlainLoop = FramebufferPanel.open(s, PANEL_WIDTH, PANEL_HEIGHT);
        dimmedPlainLoop.useKernels(RowKernels.plain());
        dimmedPlainLoop.setBrightness(0.5);
        if (!mapped.kernels().name().startsWith("vector")) {
            throw new IllegalStateException("presentMapped would use the " + mapped.kernels().name() + " kernels, not the vector ones");
        }

        frame = new Frame(PANEL_WIDTH, PANEL_HEIGHT);
        int[] px = frame.pixels();
        for (int y = 0; y < PANEL_HEIGHT; y++) {
            for (int x = 0; x < PANEL_WIDTH; x++) {
                px[y * PANEL_WIDTH + x] = 0xFF000000 | (x & 0xFF) << 16 | (y & 0xFF) << 8 | (x + y & 0xFF);
            }
        }

        rowBytes = PANEL_WIDTH * bpp / 8;
        windowBytes = new byte[rowBytes * PANEL_HEIGHT];
        for (int i = 0; i < windowBytes.length; i++) {
            windowBytes[i] = (byte) (i * 31);
        }
        rawChannel = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE);
        rawMap = rawChannel.map(FileChannel.MapMode.READ_WRITE, 0, (long) stride * FB_HEIGHT);
        rawMap.order(ByteOrder.LITTLE_ENDIAN);
        rawRow = ByteBuffer.allocateDirect(rowBytes);
        rawRow.put(windowBytes, 0, rowBytes).clear();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        mapped.close();
        channelMapped.close();
        written.close();
        dimmed.close();
        rotated.close();
        plainLoop.close();
        dimmedPlainLoop.close();
        rawChannel.close();
        rawMap = null;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private int windowOffset(int row) {
        return (WINDOW_Y + row) * stride + WINDOW_X * bpp / 8;
    }

    @Benchmark
    public void presentMapped() {
        mapped.show(frame);
    }

    @Benchmark
    public void presentChannelMapped() {
        channelMapped.show(frame);
    }

    @Benchmark
    public void rawCopyMappedRows() {
        MappedByteBuffer m = rawMap;
        byte[] src = windowBytes;
        int n = rowBytes;
        for (int r = 0; r < PANEL_HEIGHT; r++) {
            m.put(windowOffset(r), src, r * n, n);
        }
    }

    @Benchmark
    public void rawCopyMappedContiguous() {
        rawMap.put(windowOffset(0), windowBytes, 0, windowBytes.length);
    }

    @Benchmark
    public void presentWrite() {
        written.show(frame);
    }

    @Benchmark
    public void rawWriteRows() throws IOException {
        ByteBuffer b = rawRow;
        for (int r = 0; r < PANEL_HEIGHT; r++) {
            b.clear();
            long pos = windowOffset(r);
            while (b.hasRemaining()) {
                rawChannel.write(b, pos + b.position());
            }
        }
    }

    @Benchmark
    public void presentMappedDimmed() {
        dimmed.show(frame);
    }

    @Benchmark
    public void presentMappedRotated180() {
        rotated.show(frame);
    }

    @Benchmark
    public void presentMappedPlainLoop() {
        plainLoop.show(frame);
    }

    @Benchmark
    public void presentMappedDimmedPlainLoop() {
        dimmedPlainLoop.show(frame);
    }
}
