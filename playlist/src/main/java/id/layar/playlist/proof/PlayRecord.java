package id.layar.playlist.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.layar.playlist.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One item shown on one wall: the proof-of-play record a device publishes on {@code layar/devices/<device>/plays}.
 *
 * <p>Records of a device form a hash chain: {@code seq} counts from 1 without gaps, {@code prev} is the previous
 * record's {@code hash} ({@link #GENESIS} for the first), and {@code hash} is the SHA-256 of the record's canonical JSON
 * without the {@code hash} field. A consumer that lost, reordered or edited a record sees it in {@link ChainCheck}.
 * The id {@code <device>/<seq>} is unique, so redelivered records (QoS 1 delivers at least once) are de-duplicated.
 *
 * <p>The chain shows a gap or an edit; it is not a signature: a device's key holder could rewrite its own chain.
 *
 * @param device  the device id (its MQTT user name)
 * @param seq     1, 2, 3, ... per device, never reused
 * @param item    the item id from the playlist
 * @param version the playlist version the item came from
 * @param start   when the item went on the wall (the agent's trusted time)
 * @param end     when it left the wall
 * @param outcome how it ended
 * @param prev    the previous record's hash, or {@link #GENESIS}
 * @param hash    SHA-256 over the canonical JSON of the other fields
 */
public record PlayRecord(String device, long seq, String item, long version, Instant start, Instant end, Outcome outcome,
                         String prev, String hash) {
    /** The {@code prev} of a device's first record. */
    public static final String GENESIS = "0".repeat(64);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** How an item left the wall. */
    public enum Outcome {
        /** Its slot ran to the end. */
        PLAYED,
        /** Cut short: a higher priority, a new playlist, the panel switched off, a test pattern or the agent stopping. */
        CUT,
        /** It could not be drawn; the wall was black for its slot. */
        FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome parse(String s) {
            for (Outcome o : values()) {
                if (o.wireName().equals(s)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("outcome must be played, cut or failed; found '" + s + "'");
        }
    }

    public PlayRecord {
        if (device == null || device.isEmpty() || item == null || item.isEmpty()) {
            throw new IllegalArgumentException("device and item must not be empty");
        }
        if (seq < 1 || version < 0) {
            throw new IllegalArgumentException("seq must be at least 1 and version not negative; found seq " + seq
                    + ", version " + version);
        }
        if (start == null || end == null || end.isBefore(start)) {
            throw new IllegalArgumentException("end must not be before start; found " + start + " .. " + end);
        }
        if (outcome == null || prev == null || !HEX64.matcher(prev).matches() || hash == null || !HEX64.matcher(hash).matches()) {
            throw new IllegalArgumentException("outcome, prev and hash must be set (prev and hash as 64 hex digits)");
        }
    }

    /** The next record of a chain whose last hash is {@code prev} ({@link #GENESIS} to start one), hashed. */
    public static PlayRecord next(String device, long seq, String item, long version, Instant start, Instant end,
                                  Outcome outcome, String prev) {
        String hash = hashOf(device, seq, item, version, start, end, outcome, prev);
        return new PlayRecord(device, seq, item, version, start, end, outcome, prev, hash);
    }

    /** The unique id consumers de-duplicate by: {@code <device>/<seq>}. */
    public String id() {
        return device + "/" + seq;
    }

    /** Whether {@link #hash} is what the other fields hash to (false: the record was edited). */
    public boolean hashMatches() {
        return hash.equals(hashOf(device, seq, item, version, start, end, outcome, prev));
    }

    /** The wire form: canonical JSON, UTF-8. */
    public byte[] toJson() {
        return Json.canonical(body(device, seq, item, version, start, end, outcome, prev).put("hash", hash));
    }

    /**
     * Reads the wire form. Throws {@link IllegalArgumentException} naming the field for anything malformed; does not
     * check the hash (that is {@link #hashMatches()}, so a consumer can keep and report an edited record).
     */
    public static PlayRecord parse(byte[] json) {
        ObjectNode o = Json.parseObject(json);
        return new PlayRecord(text(o, "device"), integer(o, "seq"), text(o, "item"), integer(o, "version"),
                instant(o, "start"), instant(o, "end"), Outcome.parse(text(o, "outcome")), text(o, "prev"), text(o, "hash"));
    }

    private static String hashOf(String device, long seq, String item, long version, Instant start, Instant end,
                                 Outcome outcome, String prev) {
        byte[] bytes = Json.canonical(body(device, seq, item, version, start, end, outcome, prev));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode body(String device, long seq, String item, long version, Instant start, Instant end,
                                   Outcome outcome, String prev) {
        return Json.nodes().objectNode()
                .put("device", device).put("seq", seq).put("item", item).put("version", version)
                .put("start", start.toString()).put("end", end.toString()).put("outcome", outcome.wireName())
                .put("prev", prev);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static long integer(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer");
        }
        return v.asLong();
    }

    private static Instant instant(JsonNode o, String field) {
        try {
            return Instant.parse(text(o, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' must be an ISO-8601 instant such as"
                    + " 2026-11-25T03:00:00Z; found '" + o.get(field).asText() + "'");
        }
    }

    @Override
    public String toString() {
        return id() + " " + item + " v" + version + " " + start + ".." + end + " " + outcome.wireName();
    }
}
