package id.layar.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Synthetic videos made at test time (never committed): frames drawn in Java, encoded the way the packager
 * encodes (H.264 with libopenh264 in MP4, yuv420p, a key frame every second), and an independent sequential
 * decode to compare against.
 */
final class TestVideos {
    private TestVideos() {
    }

    /** A frame that differs clearly from its neighbours: a hue per frame and a white bar moving 5 px a frame. */
    static Frame moving(int w, int h, int i) {
        Frame f = new Frame(w, h);
        int r = (i * 53) % 200 + 40;
        int g = (i * 97) % 200 + 40;
        int b = (i * 151) % 200 + 40;
        f.fill(r << 16 | g << 8 | b);
        int bar = (i * 5) % Math.max(1, w - 8);
        for (int y = 0; y < h; y++) {
            for (int x = bar; x < bar + 8; x++) {
                f.set(x, y, 0xFFFFFF);
            }
        }
        return f;
    }

    /** An MP4 of {@code frames} frames of {@code w x h} at {@code fps}. */
    static byte[] mp4(int w, int h, int fps, int frames, IntFunction<Frame> frameAt) {
        try {
            Path file = Files.createTempFile("layar-test-", ".mp4");
            try {
                write(file, w, h, fps, frames, frameAt);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, int w, int h, int fps, int frames, IntFunction<Frame> frameAt) throws IOException {
        Ffmpeg.load();
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toString(), w, h, 0)) {
            r.setFormat("mp4");
            r.setVideoCodecName("libopenh264");
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setGopSize(fps);
            r.setVideoBitrate(Math.max(200_000, w * h * fps / 4));
            r.start();
            ByteBuffer buf = ByteBuffer.allocateDirect(w * h * 4).order(ByteOrder.nativeOrder());
            for (int i = 0; i < frames; i++) {
                buf.clear();
                buf.asIntBuffer().put(frameAt.apply(i).pixels());
                r.recordImage(w, h, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 4, w * 4,
                        ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? avutil.AV_PIX_FMT_BGRA : avutil.AV_PIX_FMT_ARGB, buf);
            }
            r.stop();
        }
    }

    /** Every frame of an MP4, decoded in order by a plain FFmpegFrameGrabber: the reference. */
    static List<Frame> decodeAll(byte[] mp4) {
        try {
            Path file = Files.createTempFile("layar-test-", ".mp4");
            try {
                Files.write(file, mp4);
                List<Frame> out = new ArrayList<>();
                try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toString())) {
                    g.setPixelFormat(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? avutil.AV_PIX_FMT_BGRA : avutil.AV_PIX_FMT_ARGB);
                    g.start();
                    org.bytedeco.javacv.Frame f;
                    while ((f = g.grabImage()) != null) {
                        int w = f.imageWidth;
                        int h = f.imageHeight;
                        int[] px = new int[w * h];
                        java.nio.IntBuffer ib = ((ByteBuffer) f.image[0]).duplicate().order(ByteOrder.nativeOrder()).asIntBuffer();
                        for (int y = 0; y < h; y++) {
                            ib.position(y * f.imageStride / 4);
                            ib.get(px, y * w, w);
                        }
                        out.add(new Frame(w, h, px));
                    }
                    g.stop();
                }
                return out;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a frame is entirely (near) black. */
    static boolean black(Frame f) {
        for (int p : f.pixels()) {
            if ((p >> 16 & 0xFF) > 16 || (p >> 8 & 0xFF) > 16 || (p & 0xFF) > 16) {
                return false;
            }
        }
        return true;
    }
}
