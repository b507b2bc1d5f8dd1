package id.layar.packager.site;

import id.layar.render.FitMode;
import id.layar.render.SlideStyle;
import java.nio.file.Path;

/** What an announcement shows; rendered per channel at the channel's geometry by the build. */
public sealed interface Content {
    /** The type as written in the file: {@code slide}, {@code image}, {@code video}, {@code ticker} or {@code clock}. */
    String type();

    /** Where the content is written, for problems found when rendering it. */
    Pos pos();

    /** Text rendered into a still at the panel's geometry. */
    record Slide(String heading, String body, String footer, SlideStyle style, Pos pos) implements Content {
        @Override
        public String type() {
            return "slide";
        }
    }

    /**
     * A PNG or JPEG fitted to the panel.
     *
     * @param file the absolute path, checked to be inside the site folder
     * @param path the path as written (relative to the site folder)
     */
    record Image(Path file, String path, FitMode fit, Pos pos) implements Content {
        @Override
        public String type() {
            return "image";
        }
    }

    /** Running text; its duration follows from the text length, the panel width and the speed. */
    record Ticker(String text, int speed, SlideStyle style, Pos pos) implements Content {
        @Override
        public String type() {
            return "ticker";
        }
    }

    /**
     * A video transcoded per channel to the panel's geometry and frame rate.
     *
     * @param file the absolute path, checked to be inside the site folder
     * @param path the path as written (relative to the site folder)
     * @param info what a quick look with FFmpeg found (size, rate, length)
     */
    record Video(Path file, String path, FitMode fit, VideoProbe.Info info, Pos pos) implements Content {
        @Override
        public String type() {
            return "video";
        }
    }

    /** The time and date, drawn live by the device over a background in the style's colours. */
    record Clock(SlideStyle style, Pos pos) implements Content {
        @Override
        public String type() {
            return "clock";
        }
    }
}
