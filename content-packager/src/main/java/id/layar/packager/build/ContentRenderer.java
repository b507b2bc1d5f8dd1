package id.layar.packager.build;

import id.layar.packager.Msg;
import id.layar.packager.site.Announcement;
import id.layar.packager.site.Channel;
import id.layar.packager.site.Content;
import id.layar.packager.site.Problem;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.render.ClockRenderer;
import id.layar.render.Frame;
import id.layar.render.ImageFitter;
import id.layar.render.Png;
import id.layar.render.SlideRenderer;
import id.layar.render.TickerRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import javax.imageio.ImageIO;

/**
 * Makes the blob of one announcement for one channel, at the channel's geometry: a slide or image becomes a
 * still PNG exactly {@code width x height}; a ticker becomes a strip as tall as the panel; a clock becomes its
 * face (a background PNG carrying the colours, {@link ClockRenderer#faceBlob}). Failures (text that does not
 * fit, a glyph the font lacks, a corrupt image) become a {@link Problem} at the content's position. Videos are
 * transcoded by {@link BundleBuilder} through the {@link TranscodeCache}, not here.
 */
public final class ContentRenderer {
    private ContentRenderer() {
    }

    /**
     * A rendered blob.
     *
     * @param durationMs the announcement's duration for stills; the crossing time for tickers
     */
    public record Rendered(ItemKind kind, byte[] png, int width, int height, long durationMs) {
    }

    /** Rendering failed; the problem says where and why. */
    public static final class RenderException extends Exception {
        private final transient Problem problem;

        public RenderException(Problem problem, Throwable cause) {
            super(problem.toString(), cause);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    /**
     * Checks that an announcement can be made for a channel, as the build will make it, without writing
     * anything: renders the frame of a still, strip or clock; for a video checks the channel and decodes every
     * frame of the source once ({@code decoded} remembers which sources were decoded already).
     */
    public static void check(Announcement a, Channel c, java.util.Set<java.nio.file.Path> decoded) throws RenderException {
        if (a.content() instanceof Content.Video v) {
            Problem p = VideoContent.problem(a, v, c);
            if (p != null) {
                throw new RenderException(p, null);
            }
            if (decoded.add(v.file())) {
                try {
                    VideoTranscoder.check(v.file());
                } catch (VideoTranscoder.TranscodeException e) {
                    throw new RenderException(VideoContent.damaged(v, e), e);
                }
            }
            return;
        }
        frame(a, c);
    }

    /** Renders only the frame (no PNG), to check that an announcement can be made for a channel. */
    public static Frame frame(Announcement a, Channel c) throws RenderException {
        return render(a, c, false).frame;
    }

    public static Rendered render(Announcement a, Channel c) throws RenderException {
        Result r = render(a, c, true);
        return new Rendered(r.kind, r.png, r.frame.width(), r.frame.height(), r.durationMs);
    }

    private record Result(ItemKind kind, Frame frame, byte[] png, long durationMs) {
    }

    private static Result render(Announcement a, Channel c, boolean encode) throws RenderException {
        int w = c.panel().width();
        int h = c.panel().height();
        Content content = a.content();
        try {
            if (content instanceof Content.Slide s) {
                Frame f = SlideRenderer.render(s.heading(), s.body(), s.footer(), s.style(), w, h);
                return new Result(ItemKind.STILL, f, encode ? Png.encode(f) : null, a.durationMs());
            }
            if (content instanceof Content.Image i) {
                Frame f = ImageFitter.fit(readImage(a, i), w, h, i.fit());
                return new Result(ItemKind.STILL, f, encode ? Png.encode(f) : null, a.durationMs());
            }
            if (content instanceof Content.Clock clock) {
                byte[] face = ClockRenderer.faceBlob(clock.style(), w, h);
                return new Result(ItemKind.CLOCK, ClockRenderer.readFace(face).background(), encode ? face : null,
                        a.durationMs());
            }
            if (content instanceof Content.Video) {
                throw new IllegalArgumentException("a video is transcoded, not rendered");
            }
            Content.Ticker t = (Content.Ticker) content;
            Frame strip = TickerRenderer.strip(t.text(), w, h, t.style());
            long duration = TickerRenderer.durationMs(strip.width(), w, t.speed());
            if (duration > Item.MAX_DURATION_MS) {
                throw new RenderException(new Problem(t.pos(), "text", Msg.of("exp.tickerTime", c.id()),
                        Msg.of("found.tickerTime", (duration + 999) / 1000, t.speed())), null);
            }
            return new Result(ItemKind.TICKER, strip, encode ? Png.encode(strip) : null, duration);
        } catch (RenderException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            String field = content instanceof Content.Image ? "image" : "text";
            Msg expected = content instanceof Content.Image ? Msg.of("exp.imageDecodable")
                    : Msg.of("exp.renderable", c.id(), w, h);
            throw new RenderException(new Problem(content.pos(), field, expected, Msg.of("found.renderError", e.getMessage())), e);
        }
    }

    private static BufferedImage readImage(Announcement a, Content.Image i) throws RenderException {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(i.file())));
            if (img == null) {
                throw new IllegalArgumentException("no decoder accepts " + i.path());
            }
            return img;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new RenderException(new Problem(i.pos(), "image", Msg.of("exp.imageDecodable"),
                    Msg.of("found.corruptImage", i.path(), why)), e);
        }
    }
}
