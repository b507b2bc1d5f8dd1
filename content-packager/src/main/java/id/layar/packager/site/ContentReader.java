package id.layar.packager.site;

import id.layar.packager.Msg;
import id.layar.packager.site.YamlFile.Fields;
import id.layar.render.FitMode;
import id.layar.render.SlideStyle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the type-specific part of an announcement: a slide's text, an image or a video and its fit, a ticker's
 * text and speed, a clock's colours.
 */
final class ContentReader {
    static final List<String> SLIDE_TEXT = List.of("heading", "body", "footer");
    static final List<String> SLIDE_STYLE = List.of("background", "color", "accent");
    static final List<String> TICKER_STYLE = List.of("background", "color");
    static final List<String> CLOCK_STYLE = List.of("background", "color", "accent");
    static final int DEFAULT_SPEED = 96;

    private final YamlFile yaml;
    private final Path dir;
    private final String display;

    /**
     * @param dir     the site folder (absolute, normalised); media paths are resolved against it
     * @param display the site folder as shown in messages
     */
    ContentReader(YamlFile yaml, Path dir, String display) {
        this.yaml = yaml;
        this.dir = dir;
        this.display = display;
    }


    Content slide(Fields f) {
        Node textNode = f.required("text", Msg.of("exp.slideText"));
        SlideStyle style = style(yaml, f, SLIDE_STYLE);
        if (textNode == null) {
            return null;
        }
        Fields text = yaml.fields(textNode, "text", Msg.of("exp.slideText"));
        if (text == null) {
            return null;
        }
        text.allowOnly(SLIDE_TEXT, Msg.of("exp.fields", String.join(", ", SLIDE_TEXT)));
        String heading = null;
        Node h = text.required("heading", Msg.of("exp.heading"));
        if (h != null) {
            heading = yaml.text(h, "text.heading", Msg.of("exp.heading"));
            if (heading != null && heading.isBlank()) {
                yaml.problem(h, "text.heading", Msg.of("exp.heading"), Msg.of("found.blank"));
                heading = null;
            }
        }
        String body = optionalText(yaml, text, "body");
        String footer = optionalText(yaml, text, "footer");
        if (heading == null || style == null) {
            return null;
        }
        return new Content.Slide(heading.strip(), body, footer, style, yaml.pos(textNode));
    }

    private static String optionalText(YamlFile yaml, Fields f, String key) {
        Node n = f.optional(key);
        if (n == null) {
            return null;
        }
        String s = yaml.text(n, f.path(key), Msg.of("exp.text"));
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The style with {@link SlideStyle#DEFAULT}'s colours for keys not written; null after a problem. */
    private static SlideStyle style(YamlFile yaml, Fields f, List<String> keys) {
        Node n = f.get("style");
        if (n == null) {
            return SlideStyle.DEFAULT;
        }
        Fields s = yaml.fields(n, "style", Msg.of("exp.style", String.join(", ", keys)));
        if (s == null) {
            return null;
        }
        s.allowOnly(keys, Msg.of("exp.fields", String.join(", ", keys)));
        String[] colours = new String[3];
        boolean ok = true;
        for (int i = 0; i < SLIDE_STYLE.size(); i++) {
            String key = SLIDE_STYLE.get(i);
            if (!keys.contains(key) || !s.has(key)) {
                continue;
            }
            Node c = s.get(key);
            String text = YamlFile.isNull(c) ? null : yaml.text(c, "style." + key, Msg.of("exp.colour"));
            if (YamlFile.isNull(c)) {
                yaml.problem(c, "style." + key, Msg.of("exp.colour"), Msg.of("found.nothingComment"));
            }
            if (text == null) {
                ok = false;
                continue;
            }
            try {
                SlideStyle.parseColor(key, text);
                colours[i] = text;
            } catch (IllegalArgumentException e) {
                yaml.problem(c, "style." + key, Msg.of("exp.colour"), YamlFile.found(c));
                ok = false;
            }
        }
        return ok ? SlideStyle.of(colours[0], colours[1], colours[2]) : null;
    }

    Content image(Fields f) {
        FitMode fit = fit(f);
        Node n = f.required("image", Msg.of("exp.imagePath"));
        if (n == null) {
            return null;
        }
        String path = yaml.text(n, "image", Msg.of("exp.imagePath"));
        if (path == null) {
            return null;
        }
        Path file = mediaFile(n, path, "image", Msg.of("exp.imagePath"));
        if (file == null) {
            return null;
        }
        Msg bad = ImageProbe.problem(file);
        if (bad != null) {
            yaml.problem(n, "image", Msg.of("exp.imageFormat"), bad);
            return null;
        }
        if (fit == null) {
            return null;
        }
        return new Content.Image(file, path, fit, yaml.pos(n));
    }

    Content video(Fields f) {
        FitMode fit = fit(f);
        Node n = f.required("video", Msg.of("exp.videoPath"));
        if (n == null) {
            return null;
        }
        String path = yaml.text(n, "video", Msg.of("exp.videoPath"));
        if (path == null) {
            return null;
        }
        Path file = mediaFile(n, path, "video", Msg.of("exp.videoPath"));
        if (file == null) {
            return null;
        }
        VideoProbe.Result probe = VideoProbe.probe(file, path);
        if (probe.problem() != null) {
            yaml.problem(n, "video", Msg.of("exp.videoFormat"), probe.problem());
            return null;
        }
        if (fit == null) {
            return null;
        }
        return new Content.Video(file, path, fit, probe.info(), yaml.pos(n));
    }

    Content clock(Fields f) {
        SlideStyle style = style(yaml, f, CLOCK_STYLE);
        if (style == null) {
            return null;
        }
        Node at = f.get("style");
        return new Content.Clock(style, at != null ? yaml.pos(at) : yaml.pos(f.node));
    }

    private FitMode fit(Fields f) {
        Node fitNode = f.get("fit");
        if (fitNode == null) {
            return FitMode.FIT;
        }
        String s = yaml.text(fitNode, "fit", Msg.of("exp.fit"));
        try {
            return s == null ? null : FitMode.parse(s);
        } catch (IllegalArgumentException e) {
            yaml.problem(fitNode, "fit", Msg.of("exp.fit"), YamlFile.found(fitNode));
            return null;
        }
    }

    /** The media file inside the site folder, or null after a problem at {@code field}. */
    private Path mediaFile(Node n, String path, String field, Msg expectedPath) {
        if (path.isBlank() || path.startsWith("/") || path.contains("\\") || path.matches("^[A-Za-z]:.*")) {
            yaml.problem(n, field, expectedPath, YamlFile.found(n));
            return null;
        }
        Path file = dir.resolve(path).normalize();
        if (!file.startsWith(dir) || file.equals(dir)) {
            yaml.problem(n, field, Msg.of("exp.imageInside"), YamlFile.found(n));
            return null;
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            yaml.problem(n, field, Msg.of("exp.imageExists", display), Msg.of("found.missingFile", path));
            return null;
        }
        try {
            // A symbolic link may not lead out of the site: the bundle must be reproducible from the site alone.
            if (!file.toRealPath().startsWith(dir.toRealPath())) {
                yaml.problem(n, field, Msg.of("exp.imageInside"), YamlFile.found(n));
                return null;
            }
        } catch (IOException e) {
            yaml.problem(n, field, Msg.of("exp.imageExists", display), Msg.of("found.missingFile", path));
            return null;
        }
        if (!Files.isRegularFile(file)) {
            yaml.problem(n, field, Msg.of("exp.imageFile"), Msg.of("found.folder", path));
            return null;
        }
        return file;
    }

    Content ticker(Fields f) {
        Node n = f.required("text", Msg.of("exp.tickerText"));
        SlideStyle style = style(yaml, f, TICKER_STYLE);
        Integer speed = DEFAULT_SPEED;
        Node s = f.get("speed");
        if (s != null) {
            Long v = yaml.integer(s, "speed", 8, 960, Msg.of("exp.speed"));
            speed = v == null ? null : v.intValue();
        }
        if (n == null) {
            return null;
        }
        String text = yaml.text(n, "text", Msg.of("exp.tickerText"));
        if (text != null && text.isBlank()) {
            yaml.problem(n, "text", Msg.of("exp.tickerText"), Msg.of("found.blank"));
            return null;
        }
        if (text == null || style == null || speed == null) {
            return null;
        }
        return new Content.Ticker(text.strip(), speed, style, yaml.pos(n));
    }
}
