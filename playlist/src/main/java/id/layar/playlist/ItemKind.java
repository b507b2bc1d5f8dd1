package id.layar.playlist;

import java.util.Locale;

/** How the agent turns an item's blob into pixels. */
public enum ItemKind {
    /** A PNG at exactly the panel's geometry, shown as is (images and rendered text slides). */
    STILL,
    /** A PNG strip as tall as the panel, scrolled right to left at the item's speed. */
    TICKER,
    /**
     * A video already transcoded by the packager to the panel's geometry and frame rate (H.264 in MP4),
     * played paced by the clock and looped for the item's duration.
     */
    VIDEO,
    /**
     * The time and date in Indonesian, drawn live on the device over the blob (a PNG background at the
     * panel's geometry) in the channel's time zone.
     */
    CLOCK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ItemKind parse(String name) {
        for (ItemKind k : values()) {
            if (k.wireName().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be one of still, ticker, video, clock; found '" + name + "'");
    }
}
