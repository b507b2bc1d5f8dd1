package id.layar.playlist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A DSSE envelope (the in-toto / Sigstore signing envelope): the payload travels as base64 of its exact
 * bytes and every signature covers {@code PAE(payloadType, payload)}, so a document is never re-serialised
 * before it is verified and a signature for one type cannot be replayed as another.
 */
public record Envelope(String payloadType, byte[] payload, List<Sig> signatures) {
    public static final String PLAYLIST_TYPE = "application/vnd.layar.playlist+json";
    public static final String ROOT_TYPE = "application/vnd.layar.root+json";

    /** One signature: the signing key's id and 64 signature bytes. */
    public record Sig(String keyid, byte[] sig) {
    }

    public Envelope {
        signatures = List.copyOf(signatures);
    }

    /** DSSE pre-authentication encoding: {@code "DSSEv1" SP len(type) SP type SP len(body) SP body}. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    public byte[] signedBytes() {
        return pae(payloadType, payload);
    }

    public boolean verifiedBy(PublicKey key, Sig sig) {
        return Ed25519.verify(key, signedBytes(), sig.sig());
    }

    /** Signs a payload with each key in turn. */
    public static Envelope sign(String payloadType, byte[] payload, List<SigningKey> keys) {
        byte[] message = pae(payloadType, payload);
        List<Sig> sigs = new ArrayList<>();
        for (SigningKey k : keys) {
            sigs.add(new Sig(k.keyId(), Ed25519.sign(k.privateKey(), message)));
        }
        return new Envelope(payloadType, payload, sigs);
    }

    /** A private key with the id of its public half. */
    public record SigningKey(String keyId, PrivateKey privateKey) {
        public static SigningKey of(java.security.KeyPair pair) {
            return new SigningKey(Ed25519.keyId(pair.getPublic()), pair.getPrivate());
        }
    }

    public byte[] toBytes() {
        ObjectNode root = Json.nodes().objectNode();
        root.put("payloadType", payloadType);
        root.put("payload", Base64.getEncoder().encodeToString(payload));
        ArrayNode sigs = root.putArray("signatures");
        for (Sig s : signatures) {
            sigs.addObject().put("keyid", s.keyid()).put("sig", Base64.getEncoder().encodeToString(s.sig()));
        }
        return Json.canonical(root);
    }

    /**
     * Reads the envelope's structure only; the payload stays opaque bytes until its signatures are checked.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static Envelope parse(byte[] bytes) {
        ObjectNode root = Json.parseObject(bytes);
        String type = Json.text(root, "payloadType");
        byte[] payload = base64(Json.text(root, "payload"), "payload");
        JsonNode sigs = Json.array(root, "signatures");
        if (sigs.size() > 64) {
            throw new IllegalArgumentException("too many signatures: " + sigs.size());
        }
        List<Sig> out = new ArrayList<>();
        for (JsonNode s : sigs) {
            if (!s.isObject()) {
                throw new IllegalArgumentException("each signature must be an object");
            }
            out.add(new Sig(Json.text(s, "keyid"), base64(Json.text(s, "sig"), "sig")));
        }
        return new Envelope(type, payload, out);
    }

    private static byte[] base64(String text, String field) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "' is not valid base64", e);
        }
        // Only one encoding per byte string: a re-encoding must give back the same text.
        if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
            throw new IllegalArgumentException("field '" + field + "' is not canonical base64 (padded, no line breaks)");
        }
        return decoded;
    }
}
