package id.layar.playlist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The one byte encoding of a playlist payload: canonical JSON, so the packager's bytes are what gets signed. */
public final class PlaylistCodec {
    private PlaylistCodec() {
    }

    public static byte[] encode(Playlist p) {
        ObjectNode o = Json.nodes().objectNode();
        o.put("type", "playlist");
        o.put("channel", p.channel());
        o.put("version", p.version());
        o.put("issued", p.issued().toString());
        o.put("expires", p.expires().toString());
        o.put("timezone", p.timezone().getId());
        o.putObject("panel").put("width", p.panel().width()).put("height", p.panel().height()).put("fps", p.panel().fps());
        if (!p.powerOff().isEmpty()) {
            // Only when set, so that playlists without it keep their exact bytes.
            ArrayNode off = o.putObject("power").putArray("off");
            p.powerOff().forEach(w -> off.add(w.toString()));
        }
        ArrayNode items = o.putArray("items");
        for (Item i : p.items()) {
            ObjectNode io = items.addObject();
            io.put("id", i.id());
            io.put("title", i.title());
            io.put("kind", i.kind().wireName());
            io.putObject("blob").put("sha256", i.blob().sha256()).put("size", i.blob().size()).put("type", i.blob().mediaType());
            io.put("durationMs", i.durationMs());
            io.put("priority", i.priority().wireName());
            if (i.kind() == ItemKind.TICKER) {
                io.put("speed", i.speedPxPerS());
            }
            Rules r = i.rules();
            ObjectNode s = io.putObject("schedule");
            if (r.from() != null) {
                s.put("from", r.from().toString());
            }
            if (r.until() != null) {
                s.put("until", r.until().toString());
            }
            if (!r.days().isEmpty()) {
                ArrayNode days = s.putArray("days");
                EnumSet.copyOf(r.days()).forEach(d -> days.add(d.name().substring(0, 3)));
            }
            if (!r.windows().isEmpty()) {
                ArrayNode hours = s.putArray("hours");
                r.windows().forEach(w -> hours.add(w.toString()));
            }
        }
        return Json.canonical(o);
    }

    /**
     * Decodes a payload whose signatures were already checked. Unknown fields are tolerated (a newer
     * packager may add them); missing or ill-typed known fields throw {@link IllegalArgumentException}.
     */
    public static Playlist decode(byte[] payload) {
        ObjectNode o = Json.parseObject(payload);
        if (!"playlist".equals(Json.text(o, "type"))) {
            throw new IllegalArgumentException("field 'type' must be \"playlist\"");
        }
        JsonNode panel = Json.object(o, "panel");
        List<Item> items = new ArrayList<>();
        JsonNode arr = Json.array(o, "items");
        for (int n = 0; n < arr.size(); n++) {
            try {
                items.add(item(arr.get(n)));
            } catch (IllegalArgumentException | DateTimeException e) {
                throw new IllegalArgumentException("items[" + n + "]: " + e.getMessage(), e);
            }
        }
        List<TimeWindow> powerOff = new ArrayList<>();
        if (o.has("power") && !o.get("power").isNull()) {
            JsonNode off = Json.array(Json.object(o, "power"), "off");
            for (int n = 0; n < off.size(); n++) {
                if (!off.get(n).isTextual()) {
                    throw new IllegalArgumentException("power.off[" + n + "]: must be a window like \"23:00-05:00\"");
                }
                try {
                    powerOff.add(TimeWindow.parse(off.get(n).asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("power.off[" + n + "]: " + e.getMessage(), e);
                }
            }
        }
        try {
            return new Playlist(Json.text(o, "channel"), Json.integer(o, "version"),
                    Instant.parse(Json.text(o, "issued")), Instant.parse(Json.text(o, "expires")),
                    ZoneId.of(Json.text(o, "timezone")),
                    new Panel((int) Json.integer(panel, "width"), (int) Json.integer(panel, "height"), (int) Json.integer(panel, "fps")),
                    items, powerOff);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Item item(JsonNode io) {
        if (!io.isObject()) {
            throw new IllegalArgumentException("must be an object");
        }
        JsonNode b = Json.object(io, "blob");
        BlobRef blob = new BlobRef(Json.text(b, "sha256"), Json.integer(b, "size"), Json.text(b, "type"));
        ItemKind kind = ItemKind.parse(Json.text(io, "kind"));
        int speed = kind == ItemKind.TICKER ? (int) Json.integer(io, "speed") : 0;
        return new Item(Json.text(io, "id"), Json.text(io, "title"), kind, blob, Json.integer(io, "durationMs"),
                Priority.parse(Json.text(io, "priority")), rules(io.get("schedule")), speed);
    }

    private static Rules rules(JsonNode s) {
        if (s == null || s.isNull()) {
            return Rules.ALWAYS;
        }
        if (!s.isObject()) {
            throw new IllegalArgumentException("field 'schedule' must be an object");
        }
        String from = Json.optText(s, "from");
        String until = Json.optText(s, "until");
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (s.has("days")) {
            for (JsonNode d : Json.array(s, "days")) {
                days.add(day(d.asText()));
            }
        }
        List<TimeWindow> windows = new ArrayList<>();
        if (s.has("hours")) {
            for (JsonNode h : Json.array(s, "hours")) {
                windows.add(TimeWindow.parse(h.asText()));
            }
        }
        return new Rules(from == null ? null : LocalDate.parse(from), until == null ? null : LocalDate.parse(until), days, windows);
    }

    private static DayOfWeek day(String abbrev) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equals(abbrev.toUpperCase(Locale.ROOT)) && abbrev.length() == 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("day must be MON..SUN; found '" + abbrev + "'");
    }
}
