package id.layar.packager.publish;

import id.layar.packager.mqtt.BrokerAddress;
import id.layar.packager.mqtt.BrokerLogin;
import id.layar.packager.mqtt.MqttConnect;
import id.layar.packager.mqtt.Topics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells devices that a channel changed: {@code {"channel":"<ch>","version":<n>}} on {@code layar/channels/<ch>/notify},
 * QoS 1, not retained. It carries no authority (devices verify what they fetch), it only saves them waiting for their
 * next poll. Each notification counts as sent when the broker acknowledged it.
 */
public final class Notifier {
    private Notifier() {
    }

    /** The notification's payload. */
    public static String payload(String channel, long version) {
        return new JsonObject().put("channel", channel).put("version", version).encode();
    }

    /** Sends one notification per changed channel; fails naming the broker when it cannot. */
    public static Future<Void> announce(Vertx vertx, BrokerAddress address, BrokerLogin login, List<Publisher.ChannelChange> changed) {
        Map<Integer, Promise<Void>> acks = new ConcurrentHashMap<>();
        return MqttConnect.connect(vertx, MqttConnect.options(address, login, "layar-publisher", false), address, login)
                .compose(client -> {
                    client.publishCompletionHandler(id -> acks.computeIfAbsent(id, k -> Promise.promise()).tryComplete());
                    Future<Void> chain = Future.succeededFuture();
                    for (Publisher.ChannelChange c : changed) {
                        chain = chain.compose(x -> send(client, acks, c));
                    }
                    return chain.eventually(() -> client.isConnected() ? client.disconnect().otherwiseEmpty() : Future.succeededFuture());
                });
    }

    private static Future<Void> send(MqttClient client, Map<Integer, Promise<Void>> acks, Publisher.ChannelChange c) {
        return client.publish(Topics.notify(c.channel()), io.vertx.core.buffer.Buffer.buffer(payload(c.channel(), c.version())),
                        MqttQoS.AT_LEAST_ONCE, false, false)
                .compose(id -> acks.computeIfAbsent(id, k -> Promise.promise()).future()
                        .andThen(ar -> acks.remove(id)));
    }
}
