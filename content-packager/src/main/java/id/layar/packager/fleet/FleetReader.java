package id.layar.packager.fleet;

import id.layar.packager.mqtt.BrokerAddress;
import id.layar.packager.mqtt.BrokerLogin;
import id.layar.packager.mqtt.MqttConnect;
import id.layar.packager.mqtt.Topics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the fleet from the broker's retained messages: subscribes to every device's {@code state} and {@code online},
 * collects what the broker replays, and stops when it has been quiet for a moment after the last message (or at the
 * latest after {@code wait}; with no device at all, after {@code wait}). Subscribes with a clean session and publishes
 * nothing.
 */
public final class FleetReader {
    /** How long after the last retained message the broker counts as done replaying. */
    public static final Duration QUIET = Duration.ofMillis(500);

    private FleetReader() {
    }

    /** Every device seen, sorted by id. */
    public static Future<List<DeviceView>> read(Vertx vertx, BrokerAddress address, BrokerLogin login, Duration quiet, Duration wait) {
        Map<String, byte[][]> seen = new TreeMap<>();
        Promise<List<DeviceView>> done = Promise.promise();
        long[] quietTimer = {-1};
        Runnable finish = () -> {
            List<DeviceView> out = new ArrayList<>();
            seen.forEach((device, m) -> out.add(DeviceView.of(device, m[0], m[1])));
            done.tryComplete(out);
        };
        MqttClient[] client = new MqttClient[1];
        vertx.setTimer(Math.max(1, wait.toMillis()), t -> finish.run());
        MqttConnect.connectAndSubscribe(vertx, MqttConnect.options(address, login, "layar-fleet", false), address, login,
                        Map.of(Topics.STATE_ALL, 1, Topics.ONLINE_ALL, 1), (from, m) -> {
                            String[] device = Topics.device(m.topicName());
                            if (device != null && !device[1].equals("plays")) {
                                byte[][] pair = seen.computeIfAbsent(device[0], k -> new byte[2][]);
                                byte[] payload = m.payload().getBytes();
                                // An empty retained message clears the topic: the device is gone from that topic.
                                pair[device[1].equals("state") ? 0 : 1] = payload.length == 0 ? null : payload;
                                if (pair[0] == null && pair[1] == null) {
                                    seen.remove(device[0]);
                                }
                            }
                            vertx.cancelTimer(quietTimer[0]);
                            quietTimer[0] = vertx.setTimer(quiet.toMillis(), t -> finish.run());
                        }, c -> { })
                // Until the first message, only the overall wait ends the reading: a busy broker may take a moment to
                // replay what it retained, and an empty one costs --wait once.
                .onSuccess(c -> client[0] = c)
                .onFailure(done::tryFail);
        return done.future().eventually(() -> client[0] != null && client[0].isConnected()
                ? client[0].disconnect().otherwiseEmpty() : Future.succeededFuture());
    }
}
