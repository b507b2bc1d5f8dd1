package id.layar.agent.telemetry;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.mqtt.MqttConnectionException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** Why the broker connection failed, in words that name the broker and the fix (for the log and status). Pure. */
final class BrokerErrors {
    private BrokerErrors() {
    }

    /** A failed connection attempt. */
    static String describe(Throwable cause, MqttSettings settings, String username, String device) {
        String broker = settings.broker();
        if (cause instanceof MqttConnectionException e) {
            MqttConnectReturnCode code = e.code();
            switch (code) {
                case CONNECTION_REFUSED_NOT_AUTHORIZED, CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                     CONNECTION_REFUSED_NOT_AUTHORIZED_5, CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD:
                    return "the broker " + broker + " refused user " + username + ": not authorised; check"
                            + " mqtt.username/password in agent.yaml against the broker's password file";
                case CONNECTION_REFUSED_IDENTIFIER_REJECTED, CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID:
                    return "the broker " + broker + " rejected client id " + device + "; check device: in agent.yaml";
                case CONNECTION_REFUSED_SERVER_UNAVAILABLE, CONNECTION_REFUSED_SERVER_UNAVAILABLE_5,
                     CONNECTION_REFUSED_SERVER_BUSY:
                    return "the broker " + broker + " says it is unavailable";
                case CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION:
                    return "the broker " + broker + " does not accept MQTT 3.1.1; the agent needs a broker that does"
                            + " (Mosquitto, EMQX, HiveMQ)";
                default:
                    return "the broker " + broker + " refused the connection: " + code;
            }
        }
        // The first TLS error in the chain, else the innermost cause.
        Throwable root = cause;
        while (!(root instanceof SSLException) && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof UnknownHostException) {
            return "cannot resolve the broker's host " + settings.host() + " (mqtt.url in agent.yaml; is DNS working?)";
        }
        if (root instanceof SSLException) {
            return "TLS with the broker " + broker + " failed: " + root.getMessage() + "; its certificate must name "
                    + settings.host() + " and be signed by a CA in the JVM's trust store";
        }
        if (root instanceof ConnectException || String.valueOf(root.getMessage()).contains("Connection refused")) {
            return "cannot reach the MQTT broker " + broker + ": " + root.getMessage() + "; check mqtt.url in agent.yaml,"
                    + " that the broker runs, and that the firewall lets port " + settings.port() + " through";
        }
        return "cannot connect to the MQTT broker " + broker + ": " + root;
    }

    /** TCP (and TLS) came up, but no CONNACK followed. */
    static String loginTimedOut(MqttSettings settings, Duration waited) {
        return "the MQTT broker " + settings.broker() + " did not answer the login within " + waited.toSeconds() + " s;"
                + " check that mqtt.url names an MQTT port (mqtts:// for the TLS port, mqtt:// for a plain one)";
    }

    /** An established connection closed without the agent asking. */
    static String lost(MqttSettings settings, String clientId) {
        return "the connection to the MQTT broker " + settings.broker() + " was lost (broker restarted, network down, or"
                + " another client logged in with client id " + clientId + ")";
    }
}
