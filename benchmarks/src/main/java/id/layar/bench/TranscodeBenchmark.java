package id.layar.bench;

import id.layar.packager.build.VideoTranscoder;
import id.layar.render.Ffmpeg;
import id.layar.render.FitMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The packager's transcode ({@link VideoTranscoder}: decode, bicubic swscale, libopenh264) against the ffmpeg
 * command line doing the same scale with the same codec and settings on the same file, in the same run. The
 * command line is the {@code ffmpeg} program that ships inside JavaCV's FFmpeg artifact: the same FFmpeg 8.1
 * build with libopenh264 (Debian's ffmpeg 5.1 has libx264 but no libopenh264, so it could not encode the same
 * codec). One operation is one whole transcode of a 6 s 1280x720 30 fps clip to the pilot's 768x384 at 30 fps.
 *
 * <p>Besides the wall-clock time (the goal: at least 0.9x the command line's speed), each side reports the CPU
 * time it used ({@code cpuMs}: the JVM's process CPU time for the packager, {@code /usr/bin/time}'s user + sys for
 * the command line), which stays meaningful on a shared, busy machine where wall-clock times wander.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 6)
@Fork(1)
public class TranscodeBenchmark {
    static final int W = 768;
    static final int H = 384;
    static final int FPS = 30;

    Path dir;
    Path source;
    Path ours;
    Path theirs;
    String ffmpeg;
    VideoTranscoder.Settings settings;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Ffmpeg.load();
        dir = Files.createTempDirectory("layar-bench-");
        source = dir.resolve("sumber.mp4");
        BenchMedia.clip(source, 1280, 720, FPS, 6);
        ours = dir.resolve("ours.mp4");
        theirs = dir.resolve("theirs.mp4");
        ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        settings = VideoTranscoder.Settings.forPanel(W, H, FPS, FitMode.STRETCH, false, 0);
    }

    /** CPU milliseconds of the iteration's transcode. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        public double cpuMs;
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    @Benchmark
    public long packager(Cpu cpu) throws Exception {
        long before = OS.getProcessCpuTime();
        long frames = VideoTranscoder.transcode(source, ours, settings, VideoTranscoder.Progress.NONE).frames();
        cpu.cpuMs += (OS.getProcessCpuTime() - before) / 1e6;
        return frames;
    }

    @Benchmark
    public int ffmpegCli(Cpu cpu) throws Exception {
        Path times = dir.resolve("time.txt");
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        List<String> command = new java.util.ArrayList<>();
        if (timed) {
            command.addAll(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%U %S"));
        }
        command.addAll(List.of(ffmpeg, "-nostdin", "-y", "-v", "error", "-i", source.toString(),
                "-vf", "scale=" + W + ":" + H + ":flags=bicubic", "-r", Integer.toString(FPS), "-pix_fmt", "yuv420p",
                "-c:v", VideoTranscoder.CODEC, "-b:v", Integer.toString(settings.bitrate()), "-g", Integer.toString(FPS),
                "-an", "-f", "mp4", theirs.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException("ffmpeg failed (" + code + "): " + out);
        }
        if (timed) {
            String[] t = Files.readString(times).trim().split("\\s+");
            cpu.cpuMs += (Double.parseDouble(t[t.length - 2]) + Double.parseDouble(t[t.length - 1])) * 1000;
        }
        return code;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (Path p : List.of(source, ours, theirs, dir.resolve("time.txt"))) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }
}
