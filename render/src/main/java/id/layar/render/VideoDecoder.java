package id.layar.render;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * One open video blob (H.264 in MP4 at the panel's geometry, as the packager makes them), decoded on demand:
 * {@link #show} puts frame {@code n mod frameCount} into a frame. Forward requests decode and drop the frames in
 * between without converting them (a late player skips, it does not drift); a request behind the current frame
 * (the loop) seeks back to the first frame, which the packager makes a key frame.
 *
 * <p>Memory is bounded: one FFmpeg grabber and its one converted picture (BGRA in native order, so the bytes read
 * as packed {@code 0xAARRGGBB} ints), copied straight into the caller's frame: one copy per frame shown, no
 * {@code BufferedImage}, no intermediate array, nothing allocated per frame. Not thread-safe: one thread at a time.
 */
final class VideoDecoder implements AutoCloseable {
    /** Bytes {@code B, G, R, A} in memory read as {@code 0xAARRGGBB} on little-endian machines (x86-64, arm64). */
    private static final int PIXEL_FORMAT =
            ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? avutil.AV_PIX_FMT_BGRA : avutil.AV_PIX_FMT_ARGB;

    /** Releases a decoder nobody closed (a renderer dropped without {@link ItemRenderer#close}) once it is garbage. */
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    private final java.lang.ref.Cleaner.Cleanable cleanable;
    private final String sha256;
    private final String what;
    private final FFmpegFrameGrabber grabber;
    private final Path temporary;
    private final int width;
    private final int height;
    private final long rateNum;
    private final long rateDen;
    /** Known from the container, or learnt at the end of the stream; 0 while unknown. */
    private long frameCount;
    /** The frame in the grabber's converted picture; -1 before the first. */
    private long position = -1;
    /** The frame the grabber decoded last (converted or not); -1 before the first or after a seek. */
    private long decoded = -1;
    private Buffer viewOf;
    private IntBuffer view;

    private VideoDecoder(String sha256, String what, FFmpegFrameGrabber grabber, Path temporary, int width, int height,
                         long rateNum, long rateDen, long frameCount) {
        this.sha256 = sha256;
        this.what = what;
        this.grabber = grabber;
        this.temporary = temporary;
        this.width = width;
        this.height = height;
        this.rateNum = rateNum;
        this.rateDen = rateDen;
        this.frameCount = frameCount;
        this.cleanable = CLEANER.register(this, new Release(grabber, temporary));
    }

    /** What closing releases; holds no reference to the decoder, so the cleaner can run when it is garbage. */
    private record Release(FFmpegFrameGrabber grabber, Path temporary) implements Runnable {
        @Override
        public void run() {
            release(grabber, temporary);
        }
    }

    /**
     * Opens a video file and checks it is {@code width x height}.
     *
     * @param what      the item and blob, for messages
     * @param temporary a file to delete on {@link #close} (a copy of the blob), or null
     * @throws IOException naming {@code what} and what FFmpeg said, or the sizes when they differ
     */
    static VideoDecoder open(String sha256, String what, Path file, Path temporary, int width, int height) throws IOException {
        try {
            Ffmpeg.load();
        } catch (IllegalStateException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toAbsolutePath().toString());
        g.setFormat("mp4");                 // the packager writes MP4 only; no other demuxer sees a blob
        g.setPixelFormat(PIXEL_FORMAT);
        g.setImageScalingFlags(org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR);
        try (Ffmpeg.Capture said = Ffmpeg.capture()) {
            try {
                g.start();
            } catch (FrameGrabber.Exception e) {
                String messages = said.joined();
                throw new FrameGrabber.Exception(messages == null ? Ffmpeg.describe(e) : messages + " (" + Ffmpeg.describe(e) + ")", e);
            }
            if (!g.hasVideo()) {
                throw new IOException(what + " has no video stream; re-package it");
            }
            if (g.getImageWidth() != width || g.getImageHeight() != height) {
                throw new IOException(what + " is " + g.getImageWidth() + "x" + g.getImageHeight() + " but the panel is "
                        + width + "x" + height + "; a video must be exactly the panel's size (re-package it for this channel)");
            }
            AVStream st = g.getFormatContext().streams(g.getVideoStream());
            AVRational r = st.avg_frame_rate();
            if (r.num() <= 0 || r.den() <= 0) {
                r = st.r_frame_rate();
            }
            if (r.num() <= 0 || r.den() <= 0) {
                throw new IOException(what + " has no frame rate; re-package it");
            }
            long frames = Math.max(0, st.nb_frames());
            return new VideoDecoder(sha256, what, g, temporary, width, height, r.num(), r.den(), frames);
        } catch (FrameGrabber.Exception e) {
            release(g, temporary);
            throw new IOException(what + " cannot be opened as a video: " + Ffmpeg.describe(e), e);
        } catch (IOException | RuntimeException e) {
            release(g, temporary);
            throw e;
        }
    }

    String sha256() {
        return sha256;
    }

    /** The frame shown {@code millis} after the start, counted from the video's own rate (not yet looped). */
    long frameAt(long millis) {
        return Math.floorDiv(Math.max(0, millis) * rateNum, 1000L * rateDen);
    }

    /** The frame in the buffer, -1 before the first. */
    long position() {
        return position;
    }

    /** Frames in one pass of the video, 0 while not yet known. */
    long frameCount() {
        return frameCount;
    }

    /** {@code frame mod frameCount} when the count is known. */
    long looped(long frame) {
        return frameCount > 0 ? frame % frameCount : frame;
    }

    /** Whether showing {@code frame} needs a seek back to the start (a loop, or an earlier moment). */
    boolean behind(long frame) {
        long want = looped(frame);
        return want != position && want <= decoded;
    }

    /** Decodes (as needed) and copies frame {@code frame mod frameCount} into {@code target} (if not null). */
    void show(long frame, Frame target) throws IOException {
        long want = looped(frame);
        try {
            while (want != position) {
                if (want <= decoded) {
                    rewind();            // passed already (without converting it), or earlier: from the start
                }
                boolean last = decoded + 1 == want;
                org.bytedeco.javacv.Frame f = grabber.grabFrame(false, true, last, false, false);
                if (f == null) {
                    if (decoded < 0) {
                        throw new IOException(what + " has no frames that decode; re-package it");
                    }
                    frameCount = decoded + 1;   // the end: now the length is known, loop
                    want = frame % frameCount;
                    if (want != position) {
                        rewind();
                    }
                    continue;
                }
                decoded++;
                if (last) {
                    check(f);
                    position = decoded;
                }
            }
        } catch (FrameGrabber.Exception e) {
            throw new IOException(what + ": decoding frame " + want + " failed: " + Ffmpeg.describe(e), e);
        }
        if (target != null) {
            copyTo(target);
        }
    }

    /** Back to the first frame (a key frame: the seek is exact and cheap). */
    private void rewind() throws FrameGrabber.Exception {
        grabber.setVideoTimestamp(0);
        position = -1;
        decoded = -1;
    }

    /** Checks a converted picture and keeps an int view of it (the grabber keeps one buffer for every picture). */
    private void check(org.bytedeco.javacv.Frame f) throws IOException {
        if (f.imageWidth != width || f.imageHeight != height) {
            throw new IOException(what + " changes size mid-stream (" + f.imageWidth + "x" + f.imageHeight + "); re-package it");
        }
        Buffer image = f.image[0];
        if (image != viewOf) {
            view = ((ByteBuffer) image).duplicate().order(ByteOrder.nativeOrder()).asIntBuffer();
            viewOf = image;
        }
        strideInts = f.imageStride / 4;
    }

    private int strideInts;

    /** The converted picture of {@link #position} into {@code target}: one bulk copy from native memory. */
    private void copyTo(Frame target) {
        int[] dst = target.pixels();
        if (strideInts == width) {
            view.position(0);
            view.get(dst, 0, width * height);
        } else {
            for (int y = 0; y < height; y++) {
                view.position(y * strideInts);
                view.get(dst, y * width, width);
            }
        }
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    private static void release(FFmpegFrameGrabber g, Path temporary) {
        try {
            g.close();
        } catch (Exception ignored) {
            // releasing native memory; nothing to report
        }
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // a leftover temporary copy is removed with the temp folder
            }
        }
    }
}
