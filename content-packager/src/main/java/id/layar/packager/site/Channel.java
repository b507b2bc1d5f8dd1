package id.layar.packager.site;

import id.layar.playlist.Panel;
import java.time.ZoneId;

/** One screen (or a group of screens showing the same thing) from {@code site.yaml}. */
public record Channel(String id, String name, Panel panel, ZoneId timezone, Pos pos) {
}
