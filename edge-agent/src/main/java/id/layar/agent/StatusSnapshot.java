package id.layar.agent;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What {@code GET /status} returns: a consistent picture of the agent at one moment.
 *
 * @param version       the accepted playlist's version, 0 if none
 * @param expires       when the accepted playlist expires, null if none
 * @param playing       what is on the wall now, null when it is black
 * @param lastSync      the last sync cycle's outcome, null before the first
 * @param lastRejection the last content refused (a playlist or a new root), null if none since start
 * @param problem       why the wall is black or stale (a damaged store at boot, an expired playlist), or null
 * @param renderError   the last item that could not be drawn (the wall showed black instead), or null
 * @param rootVersion   the version of the trusted root playlists are verified with
 * @param clock         the system clock against trusted time
 * @param expired       set while the accepted playlist has expired by trusted time (an alarm), else null
 * @param storage       how much of the quota blobs use, null before it was measured
 * @param nextSync      when the next sync is due (system clock), null while one runs
 * @param hardware      output, power, brightness, LED and watchdog ({@link HardwareJson}), null without hardware
 * @param testPattern   the technician's test pattern ({@code kind}, {@code until}, {@code shown}: false while a
 *                      technician keeps the panel power off, which beats a pattern), or null
 * @param mqtt          the broker connection and proof-of-play outbox, or null without a broker
 */
public record StatusSnapshot(String device, String channel, long version, Instant expires, Playing playing,
                             LastSync lastSync, LastRejection lastRejection, String problem, RenderError renderError,
                             long uptimeSeconds, String agentVersion, long rootVersion, ClockStatus clock, Expired expired,
                             Storage storage, Instant nextSync, JsonObject hardware, JsonObject testPattern,
                             JsonObject mqtt) {

    /** The fields the first release had; the others empty. */
    public StatusSnapshot(String device, String channel, long version, Instant expires, Playing playing, LastSync lastSync,
                          LastRejection lastRejection, String problem, RenderError renderError, long uptimeSeconds,
                          String agentVersion) {
        this(device, channel, version, expires, playing, lastSync, lastRejection, problem, renderError, uptimeSeconds,
                agentVersion, 0, null, null, null, null, null, null, null);
    }

    /** The item on the wall and since when (by trusted time) it has been on. */
    public record Playing(String id, String title, Instant since) {
        JsonObject toJson() {
            return new JsonObject().put("id", id).put("title", title).put("since", since.toString());
        }
    }

    public record LastSync(Instant at, SyncOutcome.Kind outcome, String detail) {
        JsonObject toJson() {
            return new JsonObject().put("at", at.toString()).put("outcome", outcome.wireName()).put("detail", detail);
        }
    }

    /** @param reason the {@link id.layar.playlist.Rejection.Reason#wireName() wire name} */
    public record LastRejection(Instant at, String reason, String detail) {
        JsonObject toJson() {
            return new JsonObject().put("at", at.toString()).put("reason", reason).put("detail", detail);
        }
    }

    public record RenderError(Instant at, String item, String detail) {
        JsonObject toJson() {
            return new JsonObject().put("at", at.toString()).put("item", item).put("detail", detail);
        }
    }

    /**
     * @param system  what the system clock says
     * @param trusted the time expiry and the schedule go by: never behind the newest signed time accepted
     * @param behind  whether the system clock is behind that floor (never synchronised, or set back)
     */
    public record ClockStatus(Instant system, Instant trusted, boolean behind) {
        JsonObject toJson() {
            return new JsonObject().put("system", system.toString()).put("trusted", trusted.toString()).put("behind", behind);
        }
    }

    /**
     * @param at      when the accepted playlist expired
     * @param policy  the {@code expired:} setting ({@code keep-playing} or {@code blank})
     * @param showing what the wall shows: {@code content} or {@code black}
     */
    public record Expired(Instant at, String policy, String showing) {
        JsonObject toJson() {
            return new JsonObject().put("at", at.toString()).put("policy", policy).put("showing", showing);
        }
    }

    /** Bytes that blobs and partial downloads use, the quota, and what the file system has left. */
    public record Storage(long usedBytes, long quotaBytes, long freeBytes) {
        JsonObject toJson() {
            return new JsonObject().put("usedBytes", usedBytes).put("quotaBytes", quotaBytes).put("freeBytes", freeBytes);
        }
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("device", device)
                .put("channel", channel)
                .put("version", version)
                .put("expires", expires == null ? null : expires.toString())
                .put("playing", playing == null ? null : playing.toJson())
                .put("lastSync", lastSync == null ? null : lastSync.toJson())
                .put("lastRejection", lastRejection == null ? null : lastRejection.toJson())
                .put("problem", problem)
                .put("renderError", renderError == null ? null : renderError.toJson())
                .put("uptimeSeconds", uptimeSeconds)
                .put("agentVersion", agentVersion)
                .put("rootVersion", rootVersion)
                .put("clock", clock == null ? null : clock.toJson())
                .put("expired", expired == null ? null : expired.toJson())
                .put("storage", storage == null ? null : storage.toJson())
                .put("nextSync", nextSync == null ? null : nextSync.toString())
                .put("hardware", hardware)
                .put("testPattern", testPattern)
                .put("mqtt", mqtt);
    }
}
