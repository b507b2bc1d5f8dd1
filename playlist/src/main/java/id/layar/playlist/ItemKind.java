package id.layar.playlist;

import java.util.Locale;

/** How the agent turns an item's blob into pixels. */
public enum ItemKind {
    /** A PNG at exactly the panel's geometry, shown as is (images and rendered text slides). */
    STILL,
    /** A PNG strip as tall as the panel, scrolled right to left at the item's speed. */
    TICKER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ItemKind parse(String name) {
        for (ItemKind k : values()) {
            if (k.wireName().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be one of still, ticker; found '" + name + "'");
    }
}
