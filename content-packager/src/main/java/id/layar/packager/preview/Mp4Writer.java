package id.layar.packager.preview;

import id.layar.packager.build.VideoTranscoder;
import id.layar.render.Ffmpeg;
import id.layar.render.Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes frames as an MP4 (H.264 with libopenh264, yuv420p, a key frame every second): the preview's video, and
 * synthetic test media. Generous bitrate (0.3 bit per pixel): a preview is for looking closely. One reused
 * buffer; nothing allocated per frame.
 */
public final class Mp4Writer implements AutoCloseable {
    private static final int PIXEL_FORMAT =
            ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? avutil.AV_PIX_FMT_BGRA : avutil.AV_PIX_FMT_ARGB;

    private final FFmpegFrameRecorder recorder;
    private final int width;
    private final int height;
    private final ByteBuffer bytes;
    private final IntBuffer ints;
    private long frames;

    public Mp4Writer(Path file, int width, int height, int fps) throws IOException {
        Ffmpeg.load();
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("an MP4 needs an even width and height; found " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
        recorder.setFormat("mp4");
        recorder.setVideoCodecName(VideoTranscoder.CODEC);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize(fps);
        recorder.setVideoBitrate((int) Math.max(500_000, Math.min(60_000_000, (long) width * height * fps * 3 / 10)));
        recorder.setVideoOption("allow_skip_frames", "0");
        recorder.setImageScalingFlags(org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC
                | org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND | org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INT);
        try (Ffmpeg.Capture said = Ffmpeg.capture()) {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot write " + file + ": " + Ffmpeg.describe(e), e);
        }
        bytes = ByteBuffer.allocateDirect(width * height * 4).order(ByteOrder.nativeOrder());
        ints = bytes.asIntBuffer();
    }

    public void write(Frame f) throws IOException {
        if (f.width() != width || f.height() != height) {
            throw new IllegalArgumentException("frame is " + f.width() + "x" + f.height() + ", the video " + width + "x" + height);
        }
        ints.clear();
        ints.put(f.pixels());
        try {
            recorder.recordImage(width, height, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 4, width * 4, PIXEL_FORMAT, bytes);
        } catch (FrameRecorder.Exception e) {
            throw new IOException("encoding frame " + frames + " failed: " + Ffmpeg.describe(e), e);
        }
        frames++;
    }

    public long frames() {
        return frames;
    }

    @Override
    public void close() throws IOException {
        try {
            recorder.stop();
            recorder.release();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("finishing the MP4 failed: " + Ffmpeg.describe(e), e);
        }
    }
}
