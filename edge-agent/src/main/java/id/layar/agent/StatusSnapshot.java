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
 * @param lastRejection the last content refused, null if none since start
 * @param problem       why the wall is black or stale (a damaged store at boot, an expired playlist), or null
 * @param renderError   the last item that could not be drawn (the wall showed black instead), or null
 */
public record StatusSnapshot(String device, String channel, long version, Instant expires, Playing playing,
                             LastSync lastSync, LastRejection lastRejection, String problem, RenderError renderError,
                             long uptimeSeconds, String agentVersion) {

    /** The item on the wall and since when (by the agent's clock) it has been on. */
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
                .put("agentVersion", agentVersion);
    }
}
