package id.layar.packager.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.layar.packager.Messages;
import id.layar.playlist.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The fleet as a table for staff (in their language) or as JSON for scripts. */
public final class FleetTable {
    /** Errors longer than this are cut in the table (the JSON has them whole). */
    public static final int ERROR_WIDTH = 60;
    private static final int TITLE_WIDTH = 32;

    private FleetTable() {
    }

    /** Aligned columns: device, status, channel, version, item now, last seen, last error. */
    public static List<String> table(List<DeviceView> devices, Messages m, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{m.get("fleet.col.device"), m.get("fleet.col.status"), m.get("fleet.col.channel"),
                m.get("fleet.col.version"), m.get("fleet.col.playing"), m.get("fleet.col.seen"), m.get("fleet.col.error")});
        for (DeviceView d : devices) {
            String playing = d.playingTitle() != null ? d.playingTitle() : d.playingId();
            String error = d.unreadable() != null ? m.get("fleet.unreadable", d.unreadable()) : d.lastError();
            rows.add(new String[]{d.device(), m.get(d.online() ? "fleet.online" : "fleet.offline"), orDash(d.channel()),
                    d.version() == null ? "-" : d.version().toString(), orDash(DeviceView.shorten(playing, TITLE_WIDTH)),
                    ago(d.lastSeen(), now, m), orDash(DeviceView.shorten(error, ERROR_WIDTH))});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                b.append(r[i]);
                if (i < r.length - 1) {
                    b.append(" ".repeat(width[i] - r[i].codePointCount(0, r[i].length()) + 2));
                }
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }

    /** "just now", "3 min ago", "2 h ago", "5 days ago" (or "never") in the language of {@code m}. */
    public static String ago(Instant then, Instant now, Messages m) {
        if (then == null) {
            return m.get("ago.never");
        }
        long s = Duration.between(then, now).getSeconds();
        if (s < 60) {
            return m.get("ago.now"); // also a device whose clock runs a little ahead
        }
        if (s < 3600) {
            return m.get("ago.minutes", s / 60);
        }
        if (s < 48 * 3600) {
            return m.get("ago.hours", s / 3600);
        }
        return m.get("ago.days", s / 86400);
    }

    /**
     * A stable JSON array (devices sorted by id, keys sorted): device, online, channel, version, playing {id, title},
     * lastSeen, lastError (whole), unreadable, agentVersion, cpuTemperatureC, diskFreeBytes; unknown values are null.
     */
    public static String json(List<DeviceView> devices) {
        ArrayNode a = Json.nodes().arrayNode();
        for (DeviceView d : devices) {
            ObjectNode o = a.addObject();
            o.put("device", d.device());
            o.put("online", d.online());
            o.put("channel", d.channel());
            if (d.version() == null) {
                o.putNull("version");
            } else {
                o.put("version", d.version());
            }
            if (d.playingId() == null && d.playingTitle() == null) {
                o.putNull("playing");
            } else {
                o.putObject("playing").put("id", d.playingId()).put("title", d.playingTitle());
            }
            o.put("lastSeen", d.lastSeen() == null ? null : d.lastSeen().toString());
            o.put("lastError", d.lastError());
            o.put("unreadable", d.unreadable());
            o.put("agentVersion", d.agentVersion());
            if (d.cpuTemperatureC() == null) {
                o.putNull("cpuTemperatureC");
            } else {
                o.put("cpuTemperatureC", d.cpuTemperatureC());
            }
            if (d.diskFreeBytes() == null) {
                o.putNull("diskFreeBytes");
            } else {
                o.put("diskFreeBytes", d.diskFreeBytes());
            }
        }
        return Json.pretty(a);
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
