package id.layar.packager.mqtt;

import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.BiConsumer;

/** Connects a Vert.x MQTT client to a {@link BrokerAddress} and turns every failure into a message staff can act on. */
public final class MqttConnect {
    /** Status documents are small; this bounds what one misbehaving device can make us hold. */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    static {
        // Vert.x's MQTT client logs every connection at INFO and a refused one at ERROR with a stack trace; the
        // commands say what happened themselves, in the user's language (describe below).
        if (System.getProperty("org.slf4j.simpleLogger.log.io.vertx.mqtt.impl.MqttClientImpl") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.vertx.mqtt.impl.MqttClientImpl", "off");
        }
    }

    private MqttConnect() {
    }

    /**
     * Client options for {@code address}: TLS with host name verification for {@code mqtts://}, the login if there is
     * one, and {@code clientId} (a fixed id for a persistent session, else a random one with this prefix).
     */
    public static MqttClientOptions options(BrokerAddress address, BrokerLogin login, String clientId, boolean persistent) {
        MqttClientOptions o = new MqttClientOptions()
                .setClientId(persistent ? clientId : clientId + "-" + random())
                .setCleanSession(!persistent)
                .setMaxMessageSize(MAX_MESSAGE_BYTES)
                .setKeepAliveInterval(30);
        o.setConnectTimeout(CONNECT_TIMEOUT_MS);
        if (address.tls()) {
            o.setSsl(true);
            o.setHostnameVerificationAlgorithm("HTTPS"); // the JDK's trusted CAs; the name must match the certificate
        }
        if (!login.anonymous()) {
            o.setUsername(login.username());
            if (login.password() != null) {
                o.setPassword(login.password());
            }
        }
        return o;
    }

    /** Connects; a failure is a {@link PackagerException} that names the broker, the user and what to check. */
    public static Future<MqttClient> connect(Vertx vertx, MqttClientOptions options, BrokerAddress address, BrokerLogin login) {
        MqttClient client = MqttClient.create(vertx, options);
        return client.connect(address.port(), address.host())
                .<MqttClient>map(ack -> client)
                .recover(t -> Future.failedFuture(describe(t, address, login)));
    }

    /** Thrown when the broker closed the connection before it confirmed a subscription. */
    static final class ClosedBeforeSubAck extends Exception {
        ClosedBeforeSubAck() {
            super("the broker closed the connection before confirming the subscription");
        }
    }

    /** How often a subscription is tried again when the broker closes the connection before confirming it. */
    private static final int SUBSCRIBE_ATTEMPTS = 5;

    /**
     * Connects, subscribes to {@code topics} and completes once the broker confirmed the subscription (SUBACK), not
     * merely when it was sent. Moquette 0.17 drops a connection whose SUBSCRIBE arrives before it finished sending the
     * CONNACK (it marks the connection as connected only then); such a close is retried a few times with a new
     * connection. Messages go to {@code messages} (with the client they came by) from the start, as a persistent
     * session's queue may arrive before the confirmation; {@code closed} is installed once subscribed, so a
     * later drop is never missed.
     *
     * @throws PackagerException (in the future) naming the broker when it cannot connect, refuses the user or refuses
     *                           the subscription
     */
    public static Future<MqttClient> connectAndSubscribe(Vertx vertx, MqttClientOptions options, BrokerAddress address, BrokerLogin login,
                                                         Map<String, Integer> topics, BiConsumer<MqttClient, MqttPublishMessage> messages,
                                                         Handler<MqttClient> closed) {
        return attempt(vertx, options, address, login, topics, messages, closed, 1);
    }

    private static Future<MqttClient> attempt(Vertx vertx, MqttClientOptions options, BrokerAddress address, BrokerLogin login,
                                              Map<String, Integer> topics, BiConsumer<MqttClient, MqttPublishMessage> messages,
                                              Handler<MqttClient> closed, int attempt) {
        MqttClient client = MqttClient.create(vertx, options);
        Promise<MqttClient> subscribed = Promise.promise();
        client.publishHandler(m -> messages.accept(client, m));
        client.closeHandler(v -> subscribed.tryFail(new ClosedBeforeSubAck()));
        client.subscribeCompletionHandler(ack -> {
            if (ack.grantedQoSLevels().stream().anyMatch(q -> q == null || q > 2)) {
                subscribed.tryFail(new PackagerException(Kind.REFUSED, Msg.of("err.brokerSubscribe", address,
                        login.anonymous() ? "(anonymous)" : login.username(), String.join(", ", topics.keySet()))));
                client.disconnect();
                return;
            }
            client.closeHandler(v -> closed.handle(client));
            subscribed.tryComplete(client);
        });
        long timer = vertx.setTimer(CONNECT_TIMEOUT_MS + 10_000L, t -> {
            if (subscribed.tryFail(new PackagerException(Kind.IO, Msg.of("err.brokerUnreachable", address,
                    "no answer to the subscription")))) {
                client.disconnect();
            }
        });
        client.connect(address.port(), address.host())
                .recover(t -> Future.failedFuture(describe(t, address, login)))
                .compose(ack -> client.subscribe(topics))
                .onFailure(subscribed::tryFail);
        return subscribed.future()
                .andThen(ar -> vertx.cancelTimer(timer))
                .recover(t -> {
                    if (t instanceof ClosedBeforeSubAck && attempt < SUBSCRIBE_ATTEMPTS) {
                        Promise<MqttClient> again = Promise.promise();
                        vertx.setTimer(100L * attempt, x -> attempt(vertx, options, address, login, topics, messages, closed, attempt + 1)
                                .onComplete(again));
                        return again.future();
                    }
                    return Future.failedFuture(describe(t, address, login));
                });
    }

    /** What went wrong connecting to a broker, in words. */
    public static PackagerException describe(Throwable t, BrokerAddress address, BrokerLogin login) {
        if (t instanceof PackagerException p) {
            return p;
        }
        if (t instanceof MqttConnectionException m) {
            MqttConnectReturnCode code = m.code();
            String user = login.anonymous() ? "(anonymous)" : login.username();
            if (code == MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD) {
                return new PackagerException(Kind.REFUSED, Msg.of(login.anonymous() ? "err.brokerNeedsLogin" : "err.brokerLogin",
                        address, user, login.source()), t);
            }
            if (code == MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED) {
                return new PackagerException(Kind.REFUSED, Msg.of(login.anonymous() ? "err.brokerNeedsLogin" : "err.brokerNotAuthorized",
                        address, user, login.source()), t);
            }
            return new PackagerException(Kind.REFUSED, Msg.of("err.brokerRefused", address, code), t);
        }
        String reason = t instanceof ConnectException ? "connection refused"
                : t instanceof ClosedBeforeSubAck ? t.getMessage()
                : t instanceof UnknownHostException ? "unknown host " + address.host()
                : t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return new PackagerException(Kind.IO, Msg.of("err.brokerUnreachable", address, reason), t);
    }

    private static String random() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
