package id.layar.packager.build;

import id.layar.render.Ffmpeg;
import id.layar.render.FitMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Transcodes a staff video to a channel's panel: FFmpeg decodes it ({@link FFmpegFrameGrabber}, pictures kept in
 * their own format), swscale scales each picture that is shown once (bicubic, the ffmpeg command line's default)
 * straight to yuv420p, the picture is placed on the panel (letterboxed, cropped or stretched: {@link FitMode}),
 * and {@link FFmpegFrameRecorder} encodes H.264 with libopenh264 into MP4.
 *
 * <p>The output is what the device loops: constant frame rate at the panel's {@code fps} (source frames are
 * picked by time, dropped or repeated, never blended), a key frame first and every second (GOP = fps, so the
 * loop seeks straight back to frame 0), no B-frames, no audio unless asked for (AAC). The frame count is
 * {@code round(length * fps)}, or fewer when {@code maxFrames} cuts it.
 *
 * <p>A damaged source is refused, naming what FFmpeg said: any error FFmpeg logs while reading it, no picture at
 * all, or a stream that stops well before the length it announces (a file cut short).
 */
public final class VideoTranscoder {
    public static final String CODEC = "libopenh264";
    /** Black in limited-range YUV: the letterbox bars. */
    private static final byte Y_BLACK = 16;
    private static final byte C_BLACK = (byte) 128;

    private VideoTranscoder() {
    }

    /**
     * What to make.
     *
     * @param maxFrames stop after this many frames (a {@code duration} shorter than the video); 0 for all
     * @param bitrate   bits per second of the H.264 stream
     */
    public record Settings(int width, int height, int fps, FitMode fit, boolean audio, long maxFrames, int bitrate) {
        public Settings {
            if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
                throw new IllegalArgumentException("video needs an even width and height; found " + width + "x" + height);
            }
            if (fps < 1 || fps > 60) {
                throw new IllegalArgumentException("fps must be 1..60; found " + fps);
            }
        }

        /** The settings for a panel: bitrate from the pixel rate (0.12 bit per pixel, at least 300 kbit/s). */
        public static Settings forPanel(int width, int height, int fps, FitMode fit, boolean audio, long maxFrames) {
            long bits = Math.round((double) width * height * fps * 0.12);
            return new Settings(width, height, fps, fit, audio, maxFrames, (int) Math.max(300_000, Math.min(bits, 40_000_000)));
        }

        /** Everything that changes the output, as text (part of the cache key). */
        String key() {
            return String.format(Locale.ROOT, "%dx%d@%d fit=%s audio=%s max=%d bitrate=%d codec=%s gop=%d bicubic yuv420p",
                    width, height, fps, fit.wireName(), audio, maxFrames, bitrate, CODEC, fps);
        }
    }

    /** What was written. */
    public record Result(long frames, boolean audio) {
    }

    /** Progress of one transcode: {@code done} frames of about {@code expected} (0 when unknown). */
    public interface Progress {
        Progress NONE = (done, expected) -> {
        };

        void frames(long done, long expected);
    }

    /** The source cannot be transcoded; the message says what FFmpeg said. */
    public static final class TranscodeException extends Exception {
        private final String ffmpegSays;
        private final double stoppedAt;
        private final double announced;

        TranscodeException(String ffmpegSays) {
            this(ffmpegSays, 0, 0);
        }

        TranscodeException(String ffmpegSays, double stoppedAt, double announced) {
            super(ffmpegSays);
            this.ffmpegSays = ffmpegSays;
            this.stoppedAt = stoppedAt;
            this.announced = announced;
        }

        /** FFmpeg's words, or what was found. */
        public String ffmpegSays() {
            return ffmpegSays;
        }

        /** For a file cut short: where the pictures stop and the length it announces, in seconds; else 0. */
        public double stoppedAt() {
            return stoppedAt;
        }

        public double announced() {
            return announced;
        }

        public boolean truncated() {
            return announced > 0;
        }
    }

    /** The FFmpeg build's version, part of the cache key (another FFmpeg may encode other bytes). */
    public static String ffmpegVersion() {
        Ffmpeg.load();
        return avutil.av_version_info().getString() + " " + CODEC;
    }

    /**
     * Writes {@code output} (MP4) from {@code input}. On failure {@code output} may hold part of a file: the caller
     * writes to a temporary name and deletes it.
     *
     * @throws TranscodeException the source is damaged or unsupported
     * @throws IOException        writing failed
     */
    public static Result transcode(Path input, Path output, Settings s, Progress progress) throws TranscodeException, IOException {
        try {
            Ffmpeg.load();
        } catch (IllegalStateException e) {
            throw new TranscodeException(e.getMessage());
        }
        if (avcodec.avcodec_find_encoder_by_name(CODEC) == null) {
            throw new IllegalStateException("this FFmpeg build has no " + CODEC + " encoder");
        }
        try (Ffmpeg.Capture said = Ffmpeg.capture(); FFmpegFrameGrabber g = new FFmpegFrameGrabber(input.toAbsolutePath().toString())) {
            g.setImageMode(FrameGrabber.ImageMode.RAW);
            try {
                g.start();
            } catch (FrameGrabber.Exception e) {
                throw new TranscodeException(says(e, said));
            }
            if (!g.hasVideo()) {
                throw new TranscodeException("no video stream");
            }
            boolean audio = s.audio() && g.hasAudio();
            Job job = new Job(g, s, audio);
            try (FFmpegFrameRecorder r = recorder(output, s, audio ? Math.min(2, Math.max(1, g.getAudioChannels())) : 0)) {
                try {
                    r.start();
                } catch (FFmpegFrameRecorder.Exception e) {
                    throw new IOException("cannot start the " + CODEC + " encoder for " + output + ": " + says(e, said), e);
                }
                job.run(r, progress, said);
                r.stop();
            } finally {
                job.free();
            }
            String errors = said.joined();
            if (errors != null) {
                throw new TranscodeException(errors);
            }
            return new Result(job.written, audio);
        } catch (FrameGrabber.Exception | FFmpegFrameRecorder.Exception e) {
            throw new TranscodeException(Ffmpeg.describe(e));
        }
    }

    /**
     * Decodes every picture of {@code input} without scaling or encoding, with the same checks as
     * {@link #transcode}: what {@code validate} does to find a damaged video before a build.
     *
     * @return the number of pictures
     * @throws TranscodeException the source is damaged or unsupported
     */
    public static long check(Path input) throws TranscodeException {
        try {
            Ffmpeg.load();
        } catch (IllegalStateException e) {
            throw new TranscodeException(e.getMessage());
        }
        try (Ffmpeg.Capture said = Ffmpeg.capture(); FFmpegFrameGrabber g = new FFmpegFrameGrabber(input.toAbsolutePath().toString())) {
            g.setImageMode(FrameGrabber.ImageMode.RAW);
            try {
                g.start();
            } catch (FrameGrabber.Exception e) {
                throw new TranscodeException(says(e, said));
            }
            if (!g.hasVideo()) {
                throw new TranscodeException("no video stream");
            }
            AVStream st = g.getFormatContext().streams(g.getVideoStream());
            AVRational tb = st.time_base();
            long announced = st.duration() != avutil.AV_NOPTS_VALUE && st.duration() > 0
                    ? st.duration() * 1_000_000L * tb.num() / tb.den() : 0;
            double rate = g.getVideoFrameRate();
            long frameMicros = rate > 0 && Double.isFinite(rate) ? Math.round(1e6 / rate) : 40_000;
            long first = Long.MIN_VALUE;
            long end = 0;
            long pictures = 0;
            Frame f;
            while ((f = g.grabFrame(false, true, false, false, false)) != null) {
                if (f.image == null) {
                    continue;
                }
                pictures++;
                if (first == Long.MIN_VALUE) {
                    first = f.timestamp;
                }
                end = Math.max(end, f.timestamp - first + frameMicros);
            }
            String errors = said.joined();
            if (pictures == 0) {
                throw new TranscodeException(errors != null ? errors : "no picture in the video decodes");
            }
            if (announced > 0 && end < announced - Math.max(500_000, 2 * frameMicros)) {
                throw new TranscodeException(errors != null ? errors : "the pictures stop early", end / 1e6, announced / 1e6);
            }
            if (errors != null) {
                throw new TranscodeException(errors);
            }
            return pictures;
        } catch (FrameGrabber.Exception e) {
            throw new TranscodeException(Ffmpeg.describe(e));
        }
    }

    private static String says(Exception e, Ffmpeg.Capture said) {
        String logged = said.joined();
        return logged == null ? Ffmpeg.describe(e) : logged + " (" + Ffmpeg.describe(e) + ")";
    }

    private static FFmpegFrameRecorder recorder(Path output, Settings s, int audioChannels) {
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(output.toFile(), s.width(), s.height(), audioChannels);
        r.setFormat("mp4");
        r.setVideoCodecName(CODEC);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(s.fps());
        r.setGopSize(s.fps());
        r.setVideoBitrate(s.bitrate());
        r.setVideoOption("allow_skip_frames", "0");   // every frame is encoded: the count is the contract
        r.setVideoOption("flags", "+bitexact");
        r.setOption("fflags", "+bitexact");          // no library version in the file: equal inputs, equal bytes
        if (audioChannels > 0) {
            r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            r.setSampleRate(48_000);
            r.setAudioBitrate(128_000);
            r.setAudioOption("flags", "+bitexact");
        }
        return r;
    }

    /**
     * One transcode, in two stages like the ffmpeg command line: a decoding thread ({@code layar-decode}) reads
     * the source, picks the picture each output frame shows, scales it and puts it on one of a few panel buffers;
     * the caller's thread encodes and muxes. A bounded queue between them keeps at most {@value #BUFFERS} panel
     * pictures in memory.
     */
    private static final class Job {
        static final int BUFFERS = 4;

        final FFmpegFrameGrabber g;
        final Settings s;
        final boolean audio;
        final AVRational timeBase;
        final long announcedMicros;
        final long frameMicros;
        final int innerW;
        final int innerH;
        final int cropX;
        final int cropY;
        final int padX;
        final int padY;
        final AVFrame held = avutil.av_frame_alloc();
        final AVFrame scaled = avutil.av_frame_alloc();
        final BytePointer[] panels = new BytePointer[BUFFERS];
        final ByteBuffer[] panelBuffers = new ByteBuffer[BUFFERS];
        final java.util.concurrent.BlockingQueue<Integer> free = new java.util.concurrent.ArrayBlockingQueue<>(BUFFERS);
        final java.util.concurrent.BlockingQueue<Work> work = new java.util.concurrent.LinkedBlockingQueue<>();
        SwsContext sws;
        boolean have;
        long heldMicros;
        long heldDuration;
        long firstMicros = Long.MIN_VALUE;
        /** Output frames queued by the decoding thread. */
        long queued;
        /** Output frames encoded. */
        long written;
        final long expected;
        volatile boolean cancelled;

        /** For the encoder: a panel picture for {@code count} frames, sound, or the end (with the error, if any). */
        private record Work(int buffer, long count, Frame sound, Throwable end) {
        }

        Job(FFmpegFrameGrabber g, Settings s, boolean audio) throws TranscodeException {
            this.g = g;
            this.s = s;
            this.audio = audio;
            AVStream st = g.getFormatContext().streams(g.getVideoStream());
            this.timeBase = st.time_base();
            long announced = 0;
            if (st.duration() != avutil.AV_NOPTS_VALUE && st.duration() > 0) {
                announced = st.duration() * 1_000_000L * timeBase.num() / timeBase.den();
            } else if (g.getFormatContext().duration() != avutil.AV_NOPTS_VALUE && g.getFormatContext().duration() > 0) {
                announced = g.getFormatContext().duration();
            }
            this.announcedMicros = announced;
            double rate = g.getVideoFrameRate();
            this.frameMicros = rate > 0 && Double.isFinite(rate) ? Math.round(1e6 / rate) : 40_000;
            long all = announced > 0 ? (announced * s.fps() + 500_000) / 1_000_000 : 0;
            this.expected = s.maxFrames() > 0 ? (all > 0 ? Math.min(all, s.maxFrames()) : s.maxFrames()) : all;

            int srcW = g.getImageWidth();
            int srcH = g.getImageHeight();
            if (srcW < 1 || srcH < 1) {
                throw new TranscodeException("a video stream of " + srcW + "x" + srcH + " pixels");
            }
            double sar = g.getAspectRatio();
            double displayW = srcW * (sar > 0 && Double.isFinite(sar) ? sar : 1.0);
            int w = s.width();
            int h = s.height();
            int sw;
            int sh;
            switch (s.fit()) {
                case STRETCH -> {
                    sw = w;
                    sh = h;
                }
                case FILL -> {
                    double scale = Math.max(w / displayW, (double) h / srcH);
                    sw = Math.max(w, even(displayW * scale));
                    sh = Math.max(h, even(srcH * scale));
                }
                default -> {
                    double scale = Math.min(w / displayW, (double) h / srcH);
                    sw = Math.min(w, Math.max(2, even(displayW * scale)));
                    sh = Math.min(h, Math.max(2, even(srcH * scale)));
                }
            }
            innerW = sw;
            innerH = sh;
            cropX = Math.max(0, (sw - w) / 2) & ~1;
            cropY = Math.max(0, (sh - h) / 2) & ~1;
            padX = Math.max(0, (w - sw) / 2) & ~1;
            padY = Math.max(0, (h - sh) / 2) & ~1;

            scaled.format(avutil.AV_PIX_FMT_YUV420P);
            scaled.width(sw);
            scaled.height(sh);
            if (avutil.av_frame_get_buffer(scaled, 64) < 0) {
                throw new IllegalStateException("out of memory for a " + sw + "x" + sh + " picture");
            }
            long size = (long) w * h * 3 / 2;
            for (int i = 0; i < BUFFERS; i++) {
                BytePointer panel = new BytePointer(avutil.av_malloc(size)).capacity(size);
                panel.fill(Y_BLACK);                       // letterbox bars: black, once; pictures overwrite the rest
                new BytePointer(panel).position((long) w * h).limit(size).fill(C_BLACK);
                panels[i] = panel;
                panelBuffers[i] = panel.position(0).limit(size).asByteBuffer();
                free.add(i);
            }
        }

        private static int even(double v) {
            return Math.max(2, (int) Math.round(v / 2) * 2);
        }

        /** The output frame a source picture at {@code micros} starts on: the nearest one. */
        long slot(long micros) {
            return Math.floorDiv((micros - firstMicros) * s.fps() + 500_000, 1_000_000L);
        }

        /** Runs the decoding thread and encodes what it queues, in order, on this thread. */
        void run(FFmpegFrameRecorder r, Progress progress, Ffmpeg.Capture said) throws FFmpegFrameRecorder.Exception,
                TranscodeException, IOException {
            Thread decoder = new Thread(() -> {
                Throwable error = null;
                try {
                    produce(said);
                } catch (Throwable t) {
                    error = t;
                }
                work.add(new Work(-1, 0, null, error == null ? END : error));
            }, "layar-decode");
            decoder.setDaemon(true);
            decoder.start();
            long nextReport = s.fps();
            try {
                while (true) {
                    Work w;
                    try {
                        w = work.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while transcoding", e);
                    }
                    if (w.end() != null) {
                        if (w.end() != END) {
                            rethrow(w.end());
                        }
                        break;
                    }
                    if (w.sound() != null) {
                        r.record(w.sound());
                        continue;
                    }
                    for (long k = 0; k < w.count(); k++) {
                        r.recordImage(s.width(), s.height(), Frame.DEPTH_UBYTE, 1, s.width(), avutil.AV_PIX_FMT_YUV420P,
                                panelBuffers[w.buffer()]);
                        written++;
                    }
                    free.add(w.buffer());
                    if (written >= nextReport) {
                        progress.frames(written, expected);
                        nextReport = written + s.fps();
                    }
                }
            } finally {
                cancelled = true;
                free.offer(-1);                           // wakes a decoder waiting for a buffer
                try {
                    decoder.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            progress.frames(written, written);
        }

        private static final Throwable END = new Throwable("end", null, false, false) {
        };

        private static void rethrow(Throwable t) throws TranscodeException, FFmpegFrameRecorder.Exception, IOException {
            if (t instanceof TranscodeException e) {
                throw e;
            }
            if (t instanceof FrameGrabber.Exception e) {
                throw new TranscodeException(Ffmpeg.describe(e));
            }
            if (t instanceof IOException e) {
                throw e;
            }
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }

        /** The decoding thread: pictures picked, scaled and queued; sound copied and queued. */
        private void produce(Ffmpeg.Capture said) throws FrameGrabber.Exception, TranscodeException, InterruptedException {
            long limit = s.maxFrames() > 0 ? s.maxFrames() : Long.MAX_VALUE;
            Frame f;
            while (!cancelled && queued < limit && (f = audio ? g.grab() : g.grabImage()) != null) {
                if (f.samples != null) {
                    // Sound from the first picture on, and not past the last frame when the video is cut.
                    long start = firstMicros == Long.MIN_VALUE ? 0 : firstMicros;
                    if (f.timestamp >= start && (s.maxFrames() == 0 || f.timestamp - start < s.maxFrames() * 1_000_000L / s.fps())) {
                        work.add(new Work(-1, 0, f.clone(), null));
                    }
                    continue;
                }
                if (f.image == null || !(f.opaque instanceof AVFrame picture)) {
                    continue;
                }
                long micros = f.timestamp;
                if (firstMicros == Long.MIN_VALUE) {
                    firstMicros = micros;
                } else if (have && micros <= heldMicros) {
                    micros = heldMicros + frameMicros;   // no usable time stamp: the next frame at the nominal rate
                }
                if (have) {
                    queueUntil(Math.min(limit, slot(micros)));
                }
                avutil.av_frame_unref(held);
                if (avutil.av_frame_ref(held, picture) < 0) {
                    throw new IllegalStateException("out of memory holding a decoded picture");
                }
                have = true;
                heldMicros = micros;
                long d = picture.duration();
                heldDuration = d > 0 ? d * 1_000_000L * timeBase.num() / timeBase.den() : frameMicros;
            }
            if (cancelled) {
                return;
            }
            if (!have) {
                String logged = said.joined();
                throw new TranscodeException(logged != null ? logged : "no picture in the video decodes");
            }
            if (queued < limit) {
                long end = slot(heldMicros + heldDuration);
                queueUntil(Math.min(limit, Math.max(end, queued + 1)));
                long shown = heldMicros + heldDuration - firstMicros;
                if (announcedMicros > 0 && shown < announcedMicros - Math.max(500_000, 2 * frameMicros)) {
                    String logged = said.joined();
                    throw new TranscodeException(logged != null ? logged : "the pictures stop early",
                            shown / 1e6, announcedMicros / 1e6);
                }
            }
        }

        /** Queues the held picture for every output frame before {@code slot}. */
        private void queueUntil(long slot) throws InterruptedException {
            if (queued >= slot) {
                return;
            }
            int buffer = free.take();
            if (buffer < 0) {
                cancelled = true;
                return;
            }
            place(panels[buffer]);
            work.add(new Work(buffer, slot - queued, null, null));
            queued = slot;
        }

        /** Scales the held picture and puts it on a panel buffer (crop or letterbox). */
        private void place(BytePointer panel) {
            sws = swscale.sws_getCachedContext(sws, held.width(), held.height(), held.format(), innerW, innerH,
                    avutil.AV_PIX_FMT_YUV420P, swscale.SWS_BICUBIC, null, null, (DoublePointer) null);
            if (sws == null) {
                throw new IllegalStateException("swscale cannot convert " + held.width() + "x" + held.height() + " "
                        + avutil.av_get_pix_fmt_name(held.format()).getString() + " to yuv420p");
            }
            swscale.sws_scale(sws, new PointerPointer<>(held), held.linesize(), 0, held.height(),
                    new PointerPointer<>(scaled), scaled.linesize());
            int w = s.width();
            int h = s.height();
            int copyW = Math.min(w, innerW);
            int copyH = Math.min(h, innerH);
            long chromaBase = (long) w * h;
            long chromaSize = (long) (w / 2) * (h / 2);
            for (int plane = 0; plane < 3; plane++) {
                int shift = plane == 0 ? 0 : 1;
                int dstStride = w >> shift;
                long dstBase = plane == 0 ? 0 : plane == 1 ? chromaBase : chromaBase + chromaSize;
                long dstOffset = dstBase + (long) (padY >> shift) * dstStride + (padX >> shift);
                int srcStride = scaled.linesize(plane);
                long srcOffset = (long) (cropY >> shift) * srcStride + (cropX >> shift);
                BytePointer dst = new BytePointer(panel).position(dstOffset);
                BytePointer src = new BytePointer(scaled.data(plane)).position(srcOffset);
                avutil.av_image_copy_plane(dst, dstStride, src, srcStride, copyW >> shift, copyH >> shift);
            }
        }

        void free() {
            avutil.av_frame_free(held);
            avutil.av_frame_free(scaled);
            for (BytePointer p : panels) {
                if (p != null) {
                    avutil.av_free(p.position(0));
                }
            }
            if (sws != null) {
                swscale.sws_freeContext(sws);
            }
        }
    }
}
