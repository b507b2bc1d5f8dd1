package id.layar.playlist;

import java.util.Locale;

/** What may interrupt what. The wall plays the highest priority that has something eligible. */
public enum Priority {
    FILLER, NORMAL, HIGH, EMERGENCY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire or YAML name ({@code filler}, {@code normal}, {@code high}, {@code emergency}). */
    public static Priority parse(String name) {
        for (Priority p : values()) {
            if (p.wireName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("priority must be one of filler, normal, high, emergency; found '" + name + "'");
    }
}
