package id.layar.render;

import java.util.Locale;

/** How an image is fitted to the panel. */
public enum FitMode {
    /** Whole image, aspect kept, black bars (letterbox or pillarbox). */
    FIT,
    /** Covers the panel, aspect kept, centre-cropped. */
    FILL,
    /** Covers the panel, aspect ignored. */
    STRETCH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code fit}, {@code fill} or {@code stretch}. */
    public static FitMode parse(String s) {
        for (FitMode m : values()) {
            if (m.wireName().equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("fit must be one of fit, fill, stretch; found "
                + (s == null ? "nothing" : "'" + s + "'"));
    }
}
