package id.layar.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MqttSettingsTest {
    @Test
    void defaultsPortsByScheme() {
        MqttSettings tls = MqttSettings.of(URI.create("mqtts://broker.example.go.id"));
        assertTrue(tls.tls());
        assertEquals(8883, tls.port());
        assertEquals("mqtts://broker.example.go.id:8883", tls.broker());
        assertEquals(MqttSettings.DEFAULT_STATE_INTERVAL, tls.stateInterval());
        MqttSettings plain = MqttSettings.of(URI.create("mqtt://127.0.0.1"));
        assertFalse(plain.tls());
        assertEquals(1883, plain.port());
        assertEquals(2883, MqttSettings.of(URI.create("mqtt://[::1]:2883")).port());
        assertEquals("::1", MqttSettings.of(URI.create("mqtt://[::1]:2883")).host());
    }

    @Test
    void usernameDefaultsToTheDeviceId() {
        assertEquals("simpang-lima-02", MqttSettings.of(URI.create("mqtts://b")).usernameFor("simpang-lima-02"));
        assertEquals("other", new MqttSettings(URI.create("mqtts://b"), "other", null, null).usernameFor("simpang-lima-02"));
    }

    @Test
    void thePasswordNeverShowsInTextOrInTheUrl() {
        MqttSettings s = new MqttSettings(URI.create("mqtts://b:8883"), "wall", "s3cret-pw", Duration.ofSeconds(30));
        assertFalse(s.toString().contains("s3cret-pw"), s.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MqttSettings.of(URI.create("mqtts://wall:s3cret-pw@b:8883")));
        assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
        assertTrue(e.getMessage().contains("mqtt.password-file"), e.getMessage());
    }

    @Test
    void wrongUrlsAndIntervalsNameTheKey() {
        for (String bad : new String[] {"http://b", "mqtt:///x", "mqtts://b/topic", "mqtts://b?x=1", "b:1883"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MqttSettings.of(URI.create(bad)), bad);
            assertTrue(e.getMessage().startsWith("mqtt.url"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MqttSettings(URI.create("mqtts://b"), null, null, Duration.ofMillis(200)));
        assertTrue(e.getMessage().startsWith("mqtt.state-interval"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MqttSettings(URI.create("mqtts://b"), " ", null, null));
    }
}
