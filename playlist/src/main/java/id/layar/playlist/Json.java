package id.layar.playlist;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON for signed documents: duplicate keys, trailing data and oversized input are errors,
 * and {@link #canonical} gives one byte encoding per document (keys sorted, no white space).
 */
public final class Json {
    /** A playlist or root larger than this is refused before parsing. */
    public static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxStringLength(MAX_DOCUMENT_BYTES).maxNumberLength(40).build());
    }

    private Json() {
    }

    public static JsonNodeFactory nodes() {
        return JsonNodeFactory.instance;
    }

    /** Parses one JSON object; any deviation from strict JSON throws {@link IllegalArgumentException} with the reason. */
    public static ObjectNode parseObject(byte[] bytes) {
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw new IllegalArgumentException("document is " + bytes.length + " bytes; the limit is " + MAX_DOCUMENT_BYTES);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The canonical bytes of a tree: object keys sorted by code point, no insignificant white space. */
    public static byte[] canonical(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pretty, sorted, for humans (never signed). */
    public static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            fields.sort(Map.Entry.comparingByKey());
            ObjectNode out = nodes().objectNode();
            for (Map.Entry<String, JsonNode> e : fields) {
                out.set(e.getKey(), sorted(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = nodes().arrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        return node;
    }

    // ---- typed field access with errors that name the field ----

    static String text(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    static String optText(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    static long integer(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer");
        }
        return v.asLong();
    }

    static JsonNode object(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("field '" + field + "' must be an object");
        }
        return v;
    }

    static JsonNode array(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' must be an array");
        }
        return v;
    }
}
