package id.layar.bench;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Priority;
import id.layar.playlist.Rules;
import id.layar.render.Frame;
import id.layar.render.ItemRenderer;
import id.layar.render.Png;
import id.layar.render.SlideStyle;
import id.layar.render.TickerRenderer;
import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Running text: frames per second one core draws with {@link ItemRenderer} (what the agent calls), at the pilot's
 * 768x384 and at 1920x1080. {@code subpixel}: 96 px/s at the 30 fps clock's whole milliseconds, 3.2 px a frame,
 * (almost) every frame mixes two columns; {@code whole}: 120 px/s at moments 25 ms apart, 3 px each, rows copied
 * as they are. Against {@code copy}: copying a frame of that size (the floor of any renderer).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TickerBenchmark {
    @Param({"768x384", "1920x1080"})
    public String panel;

    @Param({"subpixel", "whole"})
    public String motion;

    ItemRenderer renderer;
    Item item;
    Frame target;
    Frame source;
    long n;
    int speed;
    long cycle;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String[] size = panel.split("x");
        int w = Integer.parseInt(size[0]);
        int h = Integer.parseInt(size[1]);
        Frame strip = TickerRenderer.strip("Layanan pengaduan masyarakat Kota Sukamaju: SMS/WA 0812-0000-0000, "
                + "lapor.sukamaju.go.id — Kafé", w, h, SlideStyle.DEFAULT);
        byte[] png = Png.encode(strip);
        BlobRef blob = new BlobRef(HexFormat.of().formatHex(id.layar.playlist.Ed25519.sha256(png)), png.length, "image/png");
        speed = motion.equals("whole") ? 120 : 96;
        cycle = TickerRenderer.durationMs(strip.width(), w, speed);
        item = new Item("teks", "teks", ItemKind.TICKER, blob, Math.min(cycle, Item.MAX_DURATION_MS), Priority.NORMAL,
                Rules.ALWAYS, speed);
        renderer = new ItemRenderer(b -> new ByteArrayInputStream(png), w, h);
        target = new Frame(w, h);
        source = new Frame(w, h);
    }

    @Benchmark
    public Frame ticker() throws Exception {
        long k = n++;
        long ms = motion.equals("whole") ? k * 25 : Math.round(k * 1000.0 / 30);
        renderer.render(item, ms % cycle, target);
        return target;
    }

    @Benchmark
    public Frame copy() {
        target.copyFrom(source);
        return target;
    }
}
