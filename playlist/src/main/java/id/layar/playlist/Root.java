package id.layar.playlist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The trusted root: which public keys may sign what, and how many of them must. Roles are
 * {@value #ROOT_ROLE} (signs the root itself and its successor), {@value #PLAYLIST_ROLE} (signs playlists)
 * and, optionally, {@value #EMERGENCY_ROLE} (must also sign playlists that carry an emergency).
 * Keys of a scheme other than ed25519 are ignored, never trusted.
 */
public record Root(long version, Instant expires, Map<String, PublicKey> keys, Map<String, Role> roles) {
    public static final String ROOT_ROLE = "root";
    public static final String PLAYLIST_ROLE = "playlist";
    /**
     * Optional: when a root defines it, a playlist carrying an emergency item needs this role's threshold
     * too (for example 2 of 3 named officials), so one stolen day-to-day key cannot raise a false alarm.
     */
    public static final String EMERGENCY_ROLE = "emergency";

    /** The key ids allowed to sign for a role and how many distinct valid signatures are needed. */
    public record Role(Set<String> keyIds, int threshold) {
        public Role {
            keyIds = Set.copyOf(keyIds);
            if (threshold < 1) {
                throw new IllegalArgumentException("a role's threshold must be at least 1; found " + threshold);
            }
            if (threshold > keyIds.size()) {
                throw new IllegalArgumentException("threshold " + threshold + " is more than the " + keyIds.size() + " keys listed");
            }
        }
    }

    public Root {
        keys = Map.copyOf(keys);
        roles = Map.copyOf(roles);
        if (!roles.containsKey(ROOT_ROLE) || !roles.containsKey(PLAYLIST_ROLE)) {
            throw new IllegalArgumentException("a root must define the roles '" + ROOT_ROLE + "' and '" + PLAYLIST_ROLE + "'");
        }
    }

    public Role role(String name) {
        Role r = roles.get(name);
        if (r == null) {
            throw new IllegalArgumentException("the root defines no role '" + name + "'");
        }
        return r;
    }

    /** The canonical payload bytes of this root, to be signed into an envelope. */
    public byte[] toPayload() {
        ObjectNode o = Json.nodes().objectNode();
        o.put("type", "root");
        o.put("version", version);
        o.put("expires", expires.toString());
        ObjectNode k = o.putObject("keys");
        new TreeMap<>(keys).forEach((id, key) -> k.putObject(id).put("scheme", "ed25519")
                .put("public", Base64.getEncoder().encodeToString(Ed25519.raw(key))));
        ObjectNode r = o.putObject("roles");
        new TreeMap<>(roles).forEach((name, role) -> {
            ObjectNode ro = r.putObject(name);
            ArrayNode ids = ro.putArray("keyids");
            role.keyIds().stream().sorted().forEach(ids::add);
            ro.put("threshold", role.threshold());
        });
        return Json.canonical(o);
    }

    /** Parses a root payload (after its signatures were checked, or for a self-check). */
    public static Root parse(byte[] payload) {
        ObjectNode o = Json.parseObject(payload);
        if (!"root".equals(Json.text(o, "type"))) {
            throw new IllegalArgumentException("field 'type' must be \"root\"");
        }
        long version = Json.integer(o, "version");
        if (version < 1) {
            throw new IllegalArgumentException("root version must be at least 1");
        }
        Instant expires = Instant.parse(Json.text(o, "expires"));
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = Json.object(o, "keys").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!"ed25519".equals(e.getValue().path("scheme").asText())) {
                continue; // unknown schemes are ignored, never trusted
            }
            byte[] raw = Base64.getDecoder().decode(Json.text(e.getValue(), "public"));
            if (!Ed25519.keyId(raw).equals(e.getKey())) {
                throw new IllegalArgumentException("key id " + e.getKey() + " is not the SHA-256 of its public key");
            }
            keys.put(e.getKey(), Ed25519.publicKey(raw));
        }
        Map<String, Role> roles = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = Json.object(o, "roles").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode ids = Json.array(e.getValue(), "keyids");
            java.util.Set<String> set = new java.util.HashSet<>();
            ids.forEach(id -> set.add(id.asText()));
            roles.put(e.getKey(), new Role(set, (int) Json.integer(e.getValue(), "threshold")));
        }
        return new Root(version, expires, keys, roles);
    }

    /** A root listing one root key and one playlist-signing key, each with threshold 1. */
    public static Root of(long version, Instant expires, PublicKey rootKey, List<PublicKey> playlistKeys, int playlistThreshold) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        keys.put(Ed25519.keyId(rootKey), rootKey);
        Set<String> signers = new java.util.HashSet<>();
        for (PublicKey k : playlistKeys) {
            keys.put(Ed25519.keyId(k), k);
            signers.add(Ed25519.keyId(k));
        }
        return new Root(version, expires, keys, Map.of(
                ROOT_ROLE, new Role(Set.of(Ed25519.keyId(rootKey)), 1),
                PLAYLIST_ROLE, new Role(signers, playlistThreshold)));
    }

    /** This root with a role (re)defined and its keys listed. */
    public Root withRole(String name, List<PublicKey> roleKeys, int threshold) {
        Map<String, PublicKey> k = new LinkedHashMap<>(keys);
        Set<String> ids = new java.util.HashSet<>();
        for (PublicKey key : roleKeys) {
            k.put(Ed25519.keyId(key), key);
            ids.add(Ed25519.keyId(key));
        }
        Map<String, Role> r = new LinkedHashMap<>(roles);
        r.put(name, new Role(ids, threshold));
        return new Root(version, expires, k, r);
    }

    /** This root with another version and expiry, as the successor in a rotation. Unused keys are dropped. */
    public Root successor(long newVersion, Instant newExpires) {
        return new Root(newVersion, newExpires, keys, roles).withoutUnusedKeys();
    }

    private Root withoutUnusedKeys() {
        Set<String> used = new java.util.HashSet<>();
        roles.values().forEach(r -> used.addAll(r.keyIds()));
        Map<String, PublicKey> k = new LinkedHashMap<>(keys);
        k.keySet().retainAll(used);
        return new Root(version, expires, k, roles);
    }
}
