package id.layar.packager.serve;

import io.moquette.broker.ClientDescriptor;
import io.moquette.broker.Server;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes Moquette 0.17 keep retained messages the way MQTT 3.1.1 and Mosquitto do, which the fleet view depends on:
 * <ul>
 *   <li>Moquette treats a QoS 0 PUBLISH with RETAIN as "clear the retained message" and stores nothing; here the
 *   message is stored as the retained one (a device may publish its state at QoS 0);</li>
 *   <li>Moquette sends a Last Will to current subscribers but ignores its RETAIN flag; here a retained will is stored
 *   as the retained message of its topic, so {@code fleet} sees {@code {"online":false}} after a device dropped.
 *   A clean DISCONNECT discards the will, as the protocol says; a will is not stored while another connection of the
 *   same client id is up (a session taken over by a reconnect is not offline).</li>
 * </ul>
 * Both are stored with {@link Server#internalPublish}, which also delivers them once more to current subscribers: a
 * retained status message is the same news twice, harmless. Interceptors run after the broker's own checks, so only
 * publishes the ACL allowed get here.
 */
final class RetainLikeMosquitto extends AbstractInterceptHandler {
    private record Will(String topic, byte[] payload, MqttQoS qos) {
    }

    private final Map<String, Will> wills = new ConcurrentHashMap<>();
    /** Open connections per client id: a session taken over ends its old connection while the new one is up. */
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private volatile Server server;

    void attach(Server server) {
        this.server = server;
    }

    @Override
    public String getID() {
        return "layar-retain-like-mosquitto";
    }

    @Override
    public void onConnect(InterceptConnectMessage msg) {
        open.merge(msg.getClientID(), 1, Integer::sum);
        if (msg.isWillFlag() && msg.isWillRetain() && msg.getWillTopic() != null) {
            wills.put(msg.getClientID(), new Will(msg.getWillTopic(), msg.getWillMessage().clone(), MqttQoS.valueOf(msg.getWillQos())));
        } else {
            wills.remove(msg.getClientID());
        }
    }

    @Override
    public void onDisconnect(InterceptDisconnectMessage msg) {
        wills.remove(msg.getClientID()); // a clean DISCONNECT: no will
        closed(msg.getClientID());
    }

    @Override
    public void onConnectionLost(InterceptConnectionLostMessage msg) {
        // Moquette reports a lost connection also after a clean DISCONNECT; the will is gone by then.
        if (closed(msg.getClientID()) > 0) {
            return; // taken over by a newer connection of the same device: it is not offline
        }
        Will will = wills.remove(msg.getClientID());
        Server s = server;
        if (will == null || s == null) {
            return;
        }
        for (ClientDescriptor c : s.listConnectedClients()) {
            if (c.getClientID().equals(msg.getClientID())) {
                return;
            }
        }
        retain(s, will.topic(), will.payload(), will.qos());
    }

    /** One connection of {@code clientId} fewer (never below 0: a clean stop reports twice); how many remain. */
    private int closed(String clientId) {
        Integer left = open.computeIfPresent(clientId, (k, n) -> n <= 1 ? null : n - 1);
        return left == null ? 0 : left;
    }

    @Override
    public void onPublish(InterceptPublishMessage msg) {
        Server s = server;
        if (s != null && msg.isRetainFlag() && msg.getQos() == MqttQoS.AT_MOST_ONCE) {
            retain(s, msg.getTopicName(), ByteBufUtil.getBytes(msg.getPayload()), MqttQoS.AT_LEAST_ONCE);
        }
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        // Moquette logs it itself.
    }

    private void retain(Server s, String topic, byte[] payload, MqttQoS qos) {
        try {
            s.internalPublish(MqttMessageBuilders.publish().topicName(topic).retained(true)
                    .qos(qos == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_LEAST_ONCE : qos).messageId(1)
                    .payload(Unpooled.wrappedBuffer(payload)).build(), getID());
        } catch (IllegalStateException e) {
            // the broker is stopping
        }
    }
}
