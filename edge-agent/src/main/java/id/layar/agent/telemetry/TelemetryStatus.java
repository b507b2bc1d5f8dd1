package id.layar.agent.telemetry;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The MQTT side of the agent at one moment, for GET /status and the metrics: a snapshot, safe to read on any thread.
 *
 * @param connected             whether the broker accepted the connection and it is up now
 * @param broker                {@code mqtt[s]://host:port}, never a user name or password
 * @param lastError             why the last connection attempt failed or the last connection ended, or an outbox error;
 *                              null once connected again (the log keeps the history)
 * @param since                 when {@code connected} last changed (the start, before the first attempt ends)
 * @param outboxSize            proof-of-play records stored on this device and not yet acknowledged by the broker
 * @param playsPublished        records the broker acknowledged since the agent started (a record resent after a
 *                              reconnect counts again)
 * @param notificationsReceived "channel updated" messages received since the agent started
 * @param outboxReset           set when the proof-of-play outbox was found damaged at start and set aside (where it
 *                              went; a new chain began), else null; stays until the agent restarts
 */
public record TelemetryStatus(boolean connected, String broker, String lastError, Instant since, long outboxSize,
                              long playsPublished, long notificationsReceived, String outboxReset) {

    /** The JSON form for GET /status, under a key such as {@code mqtt}. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("connected", connected)
                .put("broker", broker)
                .put("lastError", lastError)
                .put("since", since == null ? null : since.toString())
                .put("outboxSize", outboxSize)
                .put("playsPublished", playsPublished)
                .put("notificationsReceived", notificationsReceived)
                .put("outboxReset", outboxReset);
    }
}
