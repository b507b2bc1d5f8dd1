package id.layar.packager;

import id.layar.packager.preview.Mp4Writer;
import id.layar.render.Ffmpeg;
import id.layar.render.Frame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * A small site with every kind of content, its video made at test time (never committed): two channels of
 * different geometry, rate and zone, one of them with sound.
 */
public final class VideoSite {
    public static final int SOURCE_W = 480;
    public static final int SOURCE_H = 270;
    public static final int SOURCE_FPS = 25;
    public static final int SOURCE_FRAMES = 50;

    private VideoSite() {
    }

    /** A frame that differs clearly from its neighbours: a hue per frame and a white bar moving 6 px a frame. */
    public static Frame moving(int w, int h, int i) {
        Frame f = new Frame(w, h);
        f.fill(((i * 53) % 200 + 40) << 16 | ((i * 97) % 200 + 40) << 8 | ((i * 151) % 200 + 40));
        int bar = (i * 6) % (w - 12);
        for (int y = 0; y < h; y++) {
            for (int x = bar; x < bar + 12; x++) {
                f.set(x, y, 0xFFFFFF);
            }
        }
        return f;
    }

    /** Writes the source clip: 480x270, 25 fps, 2 s, with a 440 Hz tone when {@code sound}. */
    public static void clip(Path file, boolean sound) {
        try {
            Files.createDirectories(file.getParent());
            if (!sound) {
                try (Mp4Writer w = new Mp4Writer(file, SOURCE_W, SOURCE_H, SOURCE_FPS)) {
                    for (int i = 0; i < SOURCE_FRAMES; i++) {
                        w.write(moving(SOURCE_W, SOURCE_H, i));
                    }
                }
                return;
            }
            Ffmpeg.load();
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), SOURCE_W, SOURCE_H, 1)) {
                r.setFormat("mp4");
                r.setVideoCodecName("libopenh264");
                r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                r.setFrameRate(SOURCE_FPS);
                r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                r.setSampleRate(44_100);
                r.setAudioBitrate(64_000);
                r.start();
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(SOURCE_W * SOURCE_H * 4).order(java.nio.ByteOrder.nativeOrder());
                int perFrame = 44_100 / SOURCE_FPS;
                for (int i = 0; i < SOURCE_FRAMES; i++) {
                    buf.clear();
                    buf.asIntBuffer().put(moving(SOURCE_W, SOURCE_H, i).pixels());
                    r.recordImage(SOURCE_W, SOURCE_H, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 4, SOURCE_W * 4,
                            avutil.AV_PIX_FMT_BGRA, buf);
                    short[] tone = new short[perFrame];
                    for (int k = 0; k < perFrame; k++) {
                        tone[k] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (i * perFrame + k) / 44_100.0));
                    }
                    r.recordSamples(44_100, 1, ShortBuffer.wrap(tone));
                }
                r.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The site at {@code dir}: slide, video, ticker on layar-a; video and clock on layar-b (with sound). */
    public static Path create(Path dir) {
        Fixtures.write(dir.resolve("site.yaml"), """
                site: Uji Video
                channels:
                  layar-a:
                    name: Layar A
                    width: 320
                    height: 160
                    fps: 30
                    timezone: Asia/Jakarta
                  layar-b:
                    name: Layar B
                    width: 256
                    height: 144
                    fps: 25
                    timezone: Asia/Makassar
                    audio: true
                """);
        Fixtures.write(dir.resolve("announcements/10-slide.yaml"), """
                title: Cegah DBD
                type: slide
                channels: [layar-a]
                duration: 4s
                text:
                  heading: Cegah DBD
                  body: Kuras, tutup, daur ulang
                """);
        Fixtures.write(dir.resolve("announcements/20-video.yaml"), """
                title: Iklan layanan
                type: video
                channels: [layar-a, layar-b]
                video: media/klip.mp4
                fit: fill
                """);
        Fixtures.write(dir.resolve("announcements/30-ticker.yaml"), """
                title: Pengaduan
                type: ticker
                channels: [layar-a]
                text: "Layanan pengaduan masyarakat: SMS/WA 0812-0000-0000"
                speed: 96
                """);
        Fixtures.write(dir.resolve("announcements/40-jam.yaml"), """
                title: Jam
                type: clock
                channels: [layar-b]
                duration: 5s
                style: { background: "#0b5d1e", color: "#ffffff", accent: "#ffd200" }
                """);
        clip(dir.resolve("media/klip.mp4"), true);
        return dir;
    }

    /** Random bytes with a video's name. */
    public static void junk(Path file) {
        byte[] b = new byte[20_000];
        new Random(3).nextBytes(b);
        Fixtures.write(file, "");
        try {
            Files.write(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first part of a file: what an interrupted copy leaves. */
    public static void truncate(Path file, double keep) {
        try {
            byte[] b = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(b, (int) (b.length * keep)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
