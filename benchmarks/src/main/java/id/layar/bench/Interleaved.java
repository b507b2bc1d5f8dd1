package id.layar.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The same comparisons as {@link VideoPlaybackBenchmark} and {@link TranscodeBenchmark}, measured in alternation
 * (A, B, B, A, A, B, ...) and summarised by medians: on a machine shared with other work, JMH's back-to-back forks
 * see different loads, and alternating cancels that drift out of the ratio. Run after JMH, as a cross-check:
 * {@code java -cp benchmarks/target/benchmarks.jar id.layar.bench.Interleaved [rounds]}.
 */
public final class Interleaved {
    private Interleaved() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        for (String panel : List.of("768x384", "1920x1080")) {
            VideoPlaybackBenchmark b = new VideoPlaybackBenchmark();
            b.panel = panel;
            b.setUp();
            VideoPlaybackBenchmark.Cpu cpu = new VideoPlaybackBenchmark.Cpu();
            int frames = 60;
            for (int i = 0; i < 5 * frames; i++) {          // warm up both paths
                b.itemRenderer(cpu);
                b.grabberBgra(cpu);
            }
            List<Double> ours = new ArrayList<>();
            List<Double> base = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                for (int side = 0; side < 2; side++) {
                    boolean oursFirst = (r % 2 == 0) == (side == 0);
                    long t0 = System.nanoTime();
                    for (int i = 0; i < frames; i++) {
                        if (oursFirst) {
                            b.itemRenderer(cpu);
                        } else {
                            b.grabberBgra(cpu);
                        }
                    }
                    double us = (System.nanoTime() - t0) / 1e3 / frames;
                    (oursFirst ? ours : base).add(us);
                }
            }
            b.tearDown();
            report("video " + panel + ": ItemRenderer vs grabber (BGRA), us/frame", median(ours), median(base));
        }
        TranscodeBenchmark t = new TranscodeBenchmark();
        t.setUp();
        TranscodeBenchmark.Cpu cpu = new TranscodeBenchmark.Cpu();
        t.packager(cpu);
        t.ffmpegCli(cpu);
        List<Double> ours = new ArrayList<>();
        List<Double> cli = new ArrayList<>();
        for (int r = 0; r < Math.max(4, rounds / 2); r++) {
            for (int side = 0; side < 2; side++) {
                boolean oursFirst = (r % 2 == 0) == (side == 0);
                long t0 = System.nanoTime();
                if (oursFirst) {
                    t.packager(cpu);
                } else {
                    t.ffmpegCli(cpu);
                }
                (oursFirst ? ours : cli).add((System.nanoTime() - t0) / 1e6);
            }
        }
        t.tearDown();
        report("transcode 6 s 1280x720 -> 768x384: packager vs ffmpeg CLI, ms", median(ours), median(cli));
    }

    private static void report(String what, double ours, double baseline) {
        System.out.printf(Locale.ROOT, "%s: %.1f vs %.1f (time ratio %.3f, speed ratio %.3f)%n", what, ours, baseline,
                ours / baseline, baseline / ours);
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
