package id.layar.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.mqtt.MqttConnectionException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Every connection failure names the broker and what to check. */
class BrokerErrorsTest {
    static final MqttSettings TLS = new MqttSettings(URI.create("mqtts://broker.example.go.id"), null, "secret", null);

    @Test
    void aRefusedLoginNamesTheUserAndThePasswordFile() {
        String s = BrokerErrors.describe(new MqttConnectionException(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED),
                TLS, "simpang-lima-02", "simpang-lima-02");
        assertEquals("the broker mqtts://broker.example.go.id:8883 refused user simpang-lima-02: not authorised; check"
                + " mqtt.username/password in agent.yaml against the broker's password file", s);
    }

    @Test
    void networkAndTlsFailuresNameTheFix() {
        String refused = BrokerErrors.describe(new RuntimeException("connect", new ConnectException("Connection refused")),
                TLS, "u", "d");
        assertTrue(refused.startsWith("cannot reach the MQTT broker mqtts://broker.example.go.id:8883") && refused.contains(
                "firewall lets port 8883"), refused);
        String dns = BrokerErrors.describe(new UnknownHostException("broker.example.go.id"), TLS, "u", "d");
        assertTrue(dns.contains("cannot resolve the broker's host broker.example.go.id"), dns);
        String tls = BrokerErrors.describe(new RuntimeException(new SSLHandshakeException("PKIX path building failed")),
                TLS, "u", "d");
        assertTrue(tls.startsWith("TLS with the broker mqtts://broker.example.go.id:8883 failed: PKIX path building failed")
                && tls.endsWith("JVM's trust store"), tls);
        assertTrue(BrokerErrors.loginTimedOut(TLS, Duration.ofSeconds(20)).contains("did not answer the login within 20 s"));
    }

    @Test
    void noMessageShowsThePassword() {
        for (Throwable t : new Throwable[] {new MqttConnectionException(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED),
                new ConnectException("Connection refused"), new IllegalStateException("odd")}) {
            assertTrue(!BrokerErrors.describe(t, TLS, "u", "d").contains("secret"));
        }
    }
}
