package id.layar.packager.site;

import id.layar.playlist.Panel;
import java.time.ZoneId;

/**
 * One screen (or a group of screens showing the same thing) from {@code site.yaml}.
 *
 * @param audio whether videos keep their sound for this channel ({@code audio: true}); dropped by default
 */
public record Channel(String id, String name, Panel panel, ZoneId timezone, boolean audio, Pos pos) {
    /** A channel without sound. */
    public Channel(String id, String name, Panel panel, ZoneId timezone, Pos pos) {
        this(id, name, panel, timezone, false, pos);
    }
}
