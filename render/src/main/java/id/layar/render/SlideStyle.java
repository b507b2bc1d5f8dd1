package id.layar.render;

import java.util.regex.Pattern;

/**
 * Colours of a slide or ticker, each {@code 0xRRGGBB}.
 *
 * @param background the whole panel
 * @param color      body, footer and ticker text
 * @param accent     the heading and the rule under it
 */
public record SlideStyle(int background, int color, int accent) {
    /** White text and a yellow heading on black: the most legible on an LED wall. */
    public static final SlideStyle DEFAULT = new SlideStyle(0x000000, 0xFFFFFF, 0xFFD200);

    private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{6}");

    public SlideStyle {
        check("background", background);
        check("color", color);
        check("accent", accent);
    }

    private static void check(String name, int rgb) {
        if ((rgb & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException(name + " must be a colour 0x000000..0xFFFFFF; found 0x"
                    + Integer.toHexString(rgb));
        }
    }

    /**
     * A style from {@code #rrggbb} texts as staff write them; a null one keeps {@link #DEFAULT}'s colour.
     *
     * @throws IllegalArgumentException naming the field and the value
     */
    public static SlideStyle of(String background, String color, String accent) {
        return new SlideStyle(
                background == null ? DEFAULT.background : parseColor("background", background),
                color == null ? DEFAULT.color : parseColor("color", color),
                accent == null ? DEFAULT.accent : parseColor("accent", accent));
    }

    /** Parses {@code #rrggbb}; {@code field} names the value in the error message. */
    public static int parseColor(String field, String text) {
        if (text == null || !HEX.matcher(text).matches()) {
            throw new IllegalArgumentException(field + " must be a colour like \"#0b5d1e\" (# and 6 hex digits); found "
                    + (text == null ? "nothing" : "'" + text + "'"));
        }
        return Integer.parseInt(text.substring(1), 16);
    }
}
