package id.layar.packager.site;

import id.layar.packager.Msg;
import id.layar.render.Ffmpeg;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A quick look at a video with FFmpeg, without decoding its pictures: is there a video stream, how large, how
 * fast, how long. The build decodes every frame and reports a damaged body then (and {@code validate} does a
 * decoding pass too).
 */
public final class VideoProbe {
    /** Larger sources are refused: the panel is at most 7680x4320 and decoding more wastes the staff's laptop. */
    static final int MAX_WIDTH = 7680;
    static final int MAX_HEIGHT = 4320;

    private VideoProbe() {
    }

    /**
     * What the probe found.
     *
     * @param format         FFmpeg's name of the container, like {@code mov,mp4,m4a,3gp,3g2,mj2}
     * @param codec          the video codec, like {@code h264}
     * @param fps            frames per second (average), 0 when unknown
     * @param durationMicros the video stream's length (else the file's), 0 when unknown
     */
    public record Info(String format, String codec, int width, int height, double fps, long durationMicros, boolean audio) {
        /** The length in milliseconds, rounded up; 0 when unknown. */
        public long durationMs() {
            return (durationMicros + 999) / 1000;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %dx%d %.3g fps %.1f s%s", codec, width, height, fps,
                    durationMicros / 1e6, audio ? " with audio" : "");
        }
    }

    /** The result: {@code info} when the file is usable, else {@code problem} (what was found instead). */
    public record Result(Info info, Msg problem) {
    }

    public static Result probe(Path file, String shown) {
        try {
            Ffmpeg.load();
        } catch (IllegalStateException e) {
            return new Result(null, Msg.of("found.noFfmpeg", e.getMessage()));
        }
        try (Ffmpeg.Capture said = Ffmpeg.capture(); FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toAbsolutePath().toString())) {
            g.setImageMode(FrameGrabber.ImageMode.RAW);
            try {
                g.start();
            } catch (FrameGrabber.Exception e) {
                return new Result(null, Msg.of("found.corruptVideo", shown, ffmpegSays(e, said)));
            }
            String format = g.getFormat();
            if (format != null && (format.endsWith("_pipe") || format.equals("image2"))) {
                return new Result(null, Msg.of("found.videoIsImage", shown, format.replace("_pipe", "").toUpperCase(Locale.ROOT)));
            }
            if (!g.hasVideo()) {
                return new Result(null, Msg.of("found.noVideoStream", shown, g.hasAudio() ? "audio" : "-"));
            }
            int w = g.getImageWidth();
            int h = g.getImageHeight();
            if (w < 1 || h < 1) {
                return new Result(null, Msg.of("found.corruptVideo", shown, "a video stream of " + w + "x" + h + " pixels"));
            }
            if (w > MAX_WIDTH || h > MAX_HEIGHT) {
                return new Result(null, Msg.of("found.videoTooLarge", shown, w, h, MAX_WIDTH, MAX_HEIGHT));
            }
            AVStream st = g.getFormatContext().streams(g.getVideoStream());
            long duration = 0;
            if (st.duration() != avutil.AV_NOPTS_VALUE && st.duration() > 0) {
                AVRational tb = st.time_base();
                duration = st.duration() * 1_000_000L * tb.num() / tb.den();
            } else if (g.getFormatContext().duration() != avutil.AV_NOPTS_VALUE && g.getFormatContext().duration() > 0) {
                duration = g.getFormatContext().duration();    // AV_TIME_BASE is microseconds
            }
            double fps = g.getVideoFrameRate();
            return new Result(new Info(format, g.getVideoCodecName(), w, h, Double.isFinite(fps) ? fps : 0, duration,
                    g.hasAudio()), null);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            return new Result(null, Msg.of("found.corruptVideo", shown, Ffmpeg.describe(e)));
        }
    }

    /** What FFmpeg said: the error it returned and the messages it logged while failing. */
    static String ffmpegSays(Exception e, Ffmpeg.Capture said) {
        String logged = said.joined();
        return logged == null ? Ffmpeg.describe(e) : logged + " (" + Ffmpeg.describe(e) + ")";
    }
}
