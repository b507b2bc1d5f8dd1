package id.layar.bench;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Priority;
import id.layar.playlist.Rules;
import id.layar.render.BlobSource;
import id.layar.render.Frame;
import id.layar.render.ItemRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The agent's video path per frame: {@link ItemRenderer} drawing a VIDEO item frame after frame (decode, convert
 * to BGRA, copy into the panel's frame), against a plain {@link FFmpegFrameGrabber} decoding the same file in
 * the same run: converting to the same BGRA ({@code grabberBgra}: the baseline of the 1.10x goal), and not
 * converting at all ({@code grabberRaw}: what decoding alone costs). Both loop over the clip the same way.
 *
 * <p>Each also counts the process CPU time it used ({@code cpuUs}, with {@code frames}): on a shared machine
 * where other work competes for the two cores, CPU microseconds per frame compare the work itself.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VideoPlaybackBenchmark {
    @Param({"768x384", "1920x1080"})
    public String panel;

    static final int FPS = 30;
    static final int SECONDS = 4;

    Path dir;
    Path clip;
    int w;
    int h;
    ItemRenderer renderer;
    Item item;
    Frame target;
    long frame;
    FFmpegFrameGrabber bgra;
    FFmpegFrameGrabber raw;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String[] size = panel.split("x");
        w = Integer.parseInt(size[0]);
        h = Integer.parseInt(size[1]);
        dir = Files.createTempDirectory("layar-bench-");
        clip = dir.resolve("klip.mp4");
        BenchMedia.clip(clip, w, h, FPS, SECONDS);
        byte[] bytes = Files.readAllBytes(clip);
        String sha = HexFormat.of().formatHex(id.layar.playlist.Ed25519.sha256(bytes));
        BlobRef blob = new BlobRef(sha, bytes.length, "video/mp4");
        Path file = clip;
        BlobSource store = new BlobSource() {
            @Override
            public InputStream open(BlobRef b) throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public Path path(BlobRef b) {
                return file;
            }
        };
        item = new Item("video", "video", ItemKind.VIDEO, blob, 60_000, Priority.NORMAL, Rules.ALWAYS, 0);
        renderer = new ItemRenderer(store, w, h);
        target = new Frame(w, h);
        bgra = grabber(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? avutil.AV_PIX_FMT_BGRA : avutil.AV_PIX_FMT_ARGB);
        raw = grabber(-1);
    }

    private FFmpegFrameGrabber grabber(int pixelFormat) throws FrameGrabber.Exception {
        id.layar.render.Ffmpeg.load();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toString());
        g.setFormat("mp4");
        if (pixelFormat >= 0) {
            g.setPixelFormat(pixelFormat);
        } else {
            g.setImageMode(FrameGrabber.ImageMode.RAW);
        }
        g.start();
        return g;
    }

    /** Process CPU time and frames of an iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        public double cpuUs;
        public long frames;
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** ItemRenderer: the frame the clock asks for, one frame period after the last. */
    @Benchmark
    public Frame itemRenderer(Cpu cpu) throws IOException {
        long before = OS.getProcessCpuTime();
        long ms = frame++ * 1000 / FPS;
        renderer.render(item, ms, target);
        cpu.cpuUs += (OS.getProcessCpuTime() - before) / 1e3;
        cpu.frames++;
        return target;
    }

    /** The grabber decoding and converting to BGRA, rewinding at the end like the loop does. */
    @Benchmark
    public Object grabberBgra(Cpu cpu) throws FrameGrabber.Exception {
        long before = OS.getProcessCpuTime();
        Object f = next(bgra);
        cpu.cpuUs += (OS.getProcessCpuTime() - before) / 1e3;
        cpu.frames++;
        return f;
    }

    /** The grabber decoding only. */
    @Benchmark
    public Object grabberRaw(Cpu cpu) throws FrameGrabber.Exception {
        long before = OS.getProcessCpuTime();
        Object f = next(raw);
        cpu.cpuUs += (OS.getProcessCpuTime() - before) / 1e3;
        cpu.frames++;
        return f;
    }

    private static Object next(FFmpegFrameGrabber g) throws FrameGrabber.Exception {
        org.bytedeco.javacv.Frame f = g.grabImage();
        if (f == null) {
            g.setVideoTimestamp(0);
            f = g.grabImage();
        }
        return f;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        renderer.close();
        bgra.close();
        raw.close();
        Files.deleteIfExists(clip);
        Files.deleteIfExists(dir);
    }
}
