package id.layar.render;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The typeface shipped in the project (DejaVu Sans, regular and bold; licence beside the files in
 * {@code id/layar/render/fonts/}). Never a system font: a slide looks the same on every machine that
 * renders it. Each face is loaded once, on first use.
 */
public final class Fonts {
    static final String DIR = "fonts/";
    static final String REGULAR = "DejaVuSans.ttf";
    static final String BOLD = "DejaVuSans-Bold.ttf";

    private Fonts() {
    }

    public static Font regular(float size) {
        return Regular.FONT.deriveFont(checked(size));
    }

    public static Font bold(float size) {
        return Bold.FONT.deriveFont(checked(size));
    }

    private static float checked(float size) {
        if (!(size > 0 && size <= 10_000)) {
            throw new IllegalArgumentException("font size must be more than 0 and at most 10000 px; found " + size);
        }
        return size;
    }

    private static final class Regular {
        static final Font FONT = load(REGULAR);
    }

    private static final class Bold {
        static final Font FONT = load(BOLD);
    }

    private static Font load(String file) {
        String resource = DIR + file;
        try (InputStream in = Fonts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled font id/layar/render/" + resource
                        + " is missing from the class path; the render jar is incomplete");
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException | FontFormatException e) {
            throw new IllegalStateException("cannot load bundled font id/layar/render/" + resource + ": " + e, e);
        }
    }
}
