package id.layar.playlist;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one channel plays: signed as a whole, versioned, and valid until {@code expires}.
 *
 * @param channel  the channel this playlist is for; a device refuses another channel's playlist
 * @param version  strictly increasing; a device never goes back to a lower one
 * @param issued   when it was signed; the device's trusted time never falls behind it
 * @param expires  after this the content is stale (freeze attack or abandoned site)
 * @param timezone the channel's zone, in which the schedule's dates and hours are read
 * @param panel    the geometry every blob was made for
 * @param items    in loop order
 */
public record Playlist(String channel, long version, Instant issued, Instant expires, ZoneId timezone, Panel panel,
                       List<Item> items, List<TimeWindow> powerOff) {
    public static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** A playlist that leaves the panel's power to the device's config. */
    public Playlist(String channel, long version, Instant issued, Instant expires, ZoneId timezone, Panel panel,
                    List<Item> items) {
        this(channel, version, issued, expires, timezone, panel, items, List.of());
    }

    public Playlist {
        powerOff = powerOff == null ? List.of() : List.copyOf(powerOff);
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel must be lower-case letters, digits and '-' (1-40); found '" + channel + "'");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1; found " + version);
        }
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(panel, "panel");
        if (!expires.isAfter(issued)) {
            throw new IllegalArgumentException("expires " + expires + " must be after issued " + issued);
        }
        items = List.copyOf(items);
        long distinct = items.stream().map(Item::id).distinct().count();
        if (distinct != items.size()) {
            throw new IllegalArgumentException("item ids must be unique within a playlist");
        }
    }

    public Item item(String id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }
}
