package id.layar.packager.site;

import id.layar.playlist.Panel;
import id.layar.playlist.TimeWindow;
import java.time.ZoneId;
import java.util.List;

/**
 * One screen (or a group of screens showing the same thing) from {@code site.yaml}.
 *
 * @param audio    whether videos keep their sound for this channel ({@code audio: true}); dropped by default
 * @param powerOff when the channel's panels are switched off ({@code power-off: ["23:00-05:00"]}), signed into the
 *                 playlist; empty: the devices' own config decides
 */
public record Channel(String id, String name, Panel panel, ZoneId timezone, boolean audio, List<TimeWindow> powerOff,
                      Pos pos) {
    public Channel {
        powerOff = powerOff == null ? List.of() : List.copyOf(powerOff);
    }

    /** A channel without sound. */
    public Channel(String id, String name, Panel panel, ZoneId timezone, Pos pos) {
        this(id, name, panel, timezone, false, List.of(), pos);
    }

    /** A channel whose devices decide the panel's power. */
    public Channel(String id, String name, Panel panel, ZoneId timezone, boolean audio, Pos pos) {
        this(id, name, panel, timezone, audio, List.of(), pos);
    }
}
