package id.layar.packager.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.layar.playlist.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One device as staff see it, from its two retained messages ({@code state} and {@code online}). A pure function of
 * the bytes: fields it does not know are ignored (agents add fields over time), and a state that cannot be read is
 * shown as such ({@link #unreadable}) instead of stopping the whole view.
 *
 * @param device     the device id (from the topic)
 * @param online     true only when the online topic says so; offline when it says false or never spoke
 * @param channel    the channel it plays, or null
 * @param version    the accepted playlist version, or null
 * @param playingId  the item on the wall at its last report, or null
 * @param playingTitle its title, or null
 * @param lastSeen   the newest {@code at} of the two messages, or null
 * @param lastError  what is wrong, newest kind first (problem, rejected content, a render error, a failed sync), or null
 * @param unreadable why the state message could not be read, or null
 * @param agentVersion the agent's version, or null
 * @param cpuTemperatureC the CPU temperature, or null
 * @param diskFreeBytes free bytes on the device's disk, or null
 */
public record DeviceView(String device, boolean online, String channel, Long version, String playingId, String playingTitle,
                         Instant lastSeen, String lastError, String unreadable, String agentVersion, Double cpuTemperatureC,
                         Long diskFreeBytes) {

    /** Reads a device from the payloads of its retained {@code state} and {@code online} messages (either may be null). */
    public static DeviceView of(String device, byte[] state, byte[] online) {
        boolean isOnline = false;
        Instant onlineAt = null;
        if (online != null) {
            try {
                ObjectNode o = Json.parseObject(online);
                isOnline = o.path("online").asBoolean(false) && o.path("online").isBoolean();
                onlineAt = instant(o.get("at"));
            } catch (RuntimeException e) {
                isOnline = false; // a garbled online message proves nothing
            }
        }
        if (state == null) {
            return new DeviceView(device, isOnline, null, null, null, null, onlineAt, null, null, null, null, null);
        }
        ObjectNode s;
        try {
            s = Json.parseObject(state);
        } catch (RuntimeException e) {
            return new DeviceView(device, isOnline, null, null, null, null, onlineAt, null, shorten(e.getMessage(), 120),
                    null, null, null);
        }
        JsonNode playing = s.get("playing");
        String playingId = playing != null && playing.isObject() ? text(playing.get("id")) : null;
        String playingTitle = playing != null && playing.isObject() ? text(playing.get("title")) : null;
        Instant stateAt = instant(s.get("at"));
        Instant lastSeen = stateAt == null ? onlineAt : onlineAt == null || stateAt.isAfter(onlineAt) ? stateAt : onlineAt;
        JsonNode version = s.get("version");
        JsonNode temp = s.get("cpuTemperatureC");
        JsonNode disk = s.get("diskFreeBytes");
        return new DeviceView(device, isOnline, text(s.get("channel")),
                version != null && version.canConvertToLong() && version.isIntegralNumber() ? version.asLong() : null,
                playingId, playingTitle, lastSeen, lastError(s), null, text(s.get("agentVersion")),
                temp != null && temp.isNumber() ? temp.asDouble() : null,
                disk != null && disk.isIntegralNumber() && disk.canConvertToLong() ? disk.asLong() : null);
    }

    /** The problem, else the last rejected content, else the last render error, else a failed last sync. */
    static String lastError(ObjectNode s) {
        String problem = describe(s.get("problem"), "reason");
        if (problem != null) {
            return problem;
        }
        String rejection = describe(s.get("lastRejection"), "reason");
        if (rejection != null) {
            return rejection;
        }
        String render = describe(s.get("renderError"), "item");
        if (render != null) {
            return render;
        }
        JsonNode sync = s.get("lastSync");
        if (sync != null && sync.isObject() && "failed".equals(text(sync.get("outcome")))) {
            return describe(sync, "outcome");
        }
        return null;
    }

    /** A string as it is; an object as "{label}: {detail}"; nothing else. */
    private static String describe(JsonNode n, String label) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText().isBlank() ? null : n.asText();
        }
        if (n.isObject()) {
            String l = text(n.get(label));
            String d = text(n.get("detail"));
            if (l == null && d == null) {
                return null;
            }
            return l == null ? d : d == null ? l : l + ": " + d;
        }
        return n.toString();
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : null;
    }

    private static Instant instant(JsonNode n) {
        if (n == null || !n.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code text} cut to {@code max} characters with "…", on one line. */
    public static String shorten(String text, int max) {
        if (text == null) {
            return null;
        }
        String one = text.replaceAll("\\s+", " ").strip();
        return one.length() <= max ? one : one.substring(0, Math.max(0, max - 1)) + "…";
    }
}
