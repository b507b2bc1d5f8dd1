package id.layar.playlist;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One announcement as a device sees it: what to show (a blob and how), for how long, how urgent, and when.
 *
 * @param id          stable id from the announcement file (proof of play refers to it)
 * @param title       a short title for status and proof of play; never drawn on the wall
 * @param kind        how the blob becomes pixels
 * @param blob        the signed, content-addressed media
 * @param durationMs  how long one showing lasts, in milliseconds
 * @param priority    what it may interrupt
 * @param rules       when it may play
 * @param speedPxPerS ticker scroll speed in pixels per second (0 for stills)
 */
public record Item(String id, String title, ItemKind kind, BlobRef blob, long durationMs, Priority priority,
                   Rules rules, int speedPxPerS) {
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    public static final long MAX_DURATION_MS = 3_600_000;

    public Item {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("item id must be lower-case letters, digits and '-' (1-64); found '" + id + "'");
        }
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(rules, "rules");
        if (durationMs < 100 || durationMs > MAX_DURATION_MS) {
            throw new IllegalArgumentException("item '" + id + "': duration must be 100 ms..1 h; found " + durationMs + " ms");
        }
        if (kind == ItemKind.TICKER && (speedPxPerS < 1 || speedPxPerS > 10_000)) {
            throw new IllegalArgumentException("item '" + id + "': ticker speed must be 1..10000 px/s; found " + speedPxPerS);
        }
    }
}
