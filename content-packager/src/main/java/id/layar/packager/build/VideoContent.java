package id.layar.packager.build;

import id.layar.packager.Msg;
import id.layar.packager.site.Announcement;
import id.layar.packager.site.Channel;
import id.layar.packager.site.Content;
import id.layar.packager.site.Problem;
import id.layar.playlist.Item;
import java.util.Locale;

/** The rules of a video announcement on a channel, as problems at the announcement's {@code video:} field. */
final class VideoContent {
    static final String MEDIA_TYPE = "video/mp4";

    private VideoContent() {
    }

    /** A problem with putting this video on this channel before any decoding, or null. */
    static Problem problem(Announcement a, Content.Video v, Channel c) {
        int w = c.panel().width();
        int h = c.panel().height();
        if (w % 2 != 0 || h % 2 != 0) {
            return new Problem(v.pos(), "video", Msg.of("exp.evenPanel", c.id()), Msg.of("found.panelSize", w, h));
        }
        if (a.durationMs() == 0 && v.info().durationMs() > Item.MAX_DURATION_MS) {
            return new Problem(v.pos(), "video", Msg.of("exp.videoLength"),
                    Msg.of("found.videoLength", v.path(), seconds(v.info().durationMicros() / 1e6)));
        }
        return null;
    }

    /** The settings for this channel: its geometry and rate, the fit, sound if the channel wants it. */
    static VideoTranscoder.Settings settings(Announcement a, Content.Video v, Channel c) {
        int fps = c.panel().fps();
        long max = 0;
        if (a.durationMs() > 0) {
            long frames = (a.durationMs() * fps + 999) / 1000;
            // Only cut when the video is longer than shown: equal settings for "20 s" and "30 s" of a 10 s clip.
            if (v.info().durationMs() == 0 || v.info().durationMs() > a.durationMs()) {
                max = frames;
            }
        }
        return VideoTranscoder.Settings.forPanel(c.panel().width(), c.panel().height(), fps, v.fit(), c.audio(), max);
    }

    /** The item's duration: as written, or the transcoded video's own length (rounded up to the millisecond). */
    static long durationMs(Announcement a, long frames, int fps) {
        return a.durationMs() > 0 ? a.durationMs() : (frames * 1000 + fps - 1) / fps;
    }

    static Problem tooShort(Announcement a, Content.Video v, Channel c, long frames) {
        return new Problem(v.pos(), "video", Msg.of("exp.videoShort", c.id(), c.panel().fps()),
                Msg.of("found.videoFrames", v.path(), frames));
    }

    static Problem damaged(Content.Video v, VideoTranscoder.TranscodeException e) {
        Msg found = e.truncated()
                ? Msg.of("found.truncatedVideo", v.path(), seconds(e.stoppedAt()), seconds(e.announced()))
                : Msg.of("found.corruptVideo", v.path(), e.ffmpegSays());
        return new Problem(v.pos(), "video", Msg.of("exp.videoDecodable"), found);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }
}
