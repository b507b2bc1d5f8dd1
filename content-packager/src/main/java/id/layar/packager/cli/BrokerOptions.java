package id.layar.packager.cli;

import id.layar.packager.mqtt.BrokerAddress;
import id.layar.packager.mqtt.BrokerLogin;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --broker URL --username NAME --password-file FILE}, shared by publish and the fleet commands. */
public final class BrokerOptions {
    @Option(names = "--broker", paramLabel = "URL",
            description = "MQTT broker, like mqtts://broker.example.go.id:8883 or mqtt://127.0.0.1:1883 (serve's broker).")
    String broker;

    @Option(names = "--username", paramLabel = "NAME", description = "User name on the broker (default: ${DEFAULT-VALUE} for this command).")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "A file whose first line is the password (without one: anonymous, which only serve on the loopback accepts).")
    Path passwordFile;

    /** The broker named, or {@code fallback} (may be null: none). */
    BrokerAddress address(String fallback) {
        String url = broker != null ? broker : fallback;
        return url == null ? null : BrokerAddress.parse("--broker", url);
    }

    BrokerLogin login(String defaultUser) throws IOException {
        return BrokerLogin.of(username != null ? username : defaultUser, passwordFile);
    }
}
