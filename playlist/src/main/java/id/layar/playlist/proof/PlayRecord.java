package id.layar.playlist.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.layar.playlist.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
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
 *
 * <p>A chain is named by {@code chain}, random hex the device draws when it creates its outbox. A device whose outbox
 * was lost (a damaged file moved away, a new SD card) starts a new chain at seq 1 under a new name, so its new records
 * never collide with the old ones and the consumer sees that a chain ended and another began. The id
 * {@code <device>/<chain>/<seq>} is unique, so redelivered records (QoS 1 delivers at least once) are de-duplicated.
 *
 * <p>The chain shows a gap or an edit; it is not a signature: a device's key holder could rewrite its own chain.
 *
 * @param device  the device id (its MQTT user name)
 * @param chain   the name of this device's chain: {@link #CHAIN_HEX_DIGITS} lower-case hex digits
 * @param seq     1, 2, 3, ... per device, never reused
 * @param item    the item id from the playlist
 * @param version the playlist version the item came from
 * @param start   when the item went on the wall (the agent's trusted time)
 * @param end     when it left the wall
 * @param outcome how it ended
 * @param prev    the previous record's hash, or {@link #GENESIS}
 * @param hash    SHA-256 over the canonical JSON of the other fields
 */
public record PlayRecord(String device, String chain, long seq, String item, long version, Instant start, Instant end, Outcome outcome,
                         String prev, String hash) {
    /** The {@code prev} of a device's first record. */
    public static final String GENESIS = "0".repeat(64);
    /** How many hex digits name a chain (64 random bits: no device draws the same name twice). */
    public static final int CHAIN_HEX_DIGITS = 16;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CHAIN = Pattern.compile("[0-9a-f]{" + CHAIN_HEX_DIGITS + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

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
        if (chain == null || !CHAIN.matcher(chain).matches()) {
            throw new IllegalArgumentException("chain must be " + CHAIN_HEX_DIGITS + " lower-case hex digits; found '"
                    + chain + "'");
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

    /** A new chain name: {@link #CHAIN_HEX_DIGITS} random hex digits. */
    public static String newChain() {
        byte[] b = new byte[CHAIN_HEX_DIGITS / 2];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The next record of a chain whose last hash is {@code prev} ({@link #GENESIS} to start one), hashed. */
    public static PlayRecord next(String device, String chain, long seq, String item, long version, Instant start,
                                  Instant end, Outcome outcome, String prev) {
        String hash = hashOf(device, chain, seq, item, version, start, end, outcome, prev);
        return new PlayRecord(device, chain, seq, item, version, start, end, outcome, prev, hash);
    }

    /** The unique id consumers de-duplicate by: {@code <device>/<chain>/<seq>}. */
    public String id() {
        return device + "/" + chain + "/" + seq;
    }

    /** Whether {@link #hash} is what the other fields hash to (false: the record was edited). */
    public boolean hashMatches() {
        return hash.equals(hashOf(device, chain, seq, item, version, start, end, outcome, prev));
    }

    /** The wire form: canonical JSON, UTF-8. */
    public byte[] toJson() {
        return Json.canonical(body(device, chain, seq, item, version, start, end, outcome, prev).put("hash", hash));
    }

    /**
     * Reads the wire form. Throws {@link IllegalArgumentException} naming the field for anything malformed; does not
     * check the hash (that is {@link #hashMatches()}, so a consumer can keep and report an edited record).
     */
    public static PlayRecord parse(byte[] json) {
        ObjectNode o = Json.parseObject(json);
        return new PlayRecord(text(o, "device"), text(o, "chain"), integer(o, "seq"), text(o, "item"), integer(o, "version"),
                instant(o, "start"), instant(o, "end"), Outcome.parse(text(o, "outcome")), text(o, "prev"), text(o, "hash"));
    }

    private static String hashOf(String device, String chain, long seq, String item, long version, Instant start,
                                 Instant end, Outcome outcome, String prev) {
        byte[] bytes = Json.canonical(body(device, chain, seq, item, version, start, end, outcome, prev));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode body(String device, String chain, long seq, String item, long version, Instant start,
                                   Instant end, Outcome outcome, String prev) {
        return Json.nodes().objectNode()
                .put("device", device).put("chain", chain).put("seq", seq).put("item", item).put("version", version)
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
