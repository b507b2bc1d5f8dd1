package id.layar.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mqtts://} against layar.conf's TLS listener on a real Mosquitto, with a certificate for {@code localhost}
 * made by openssl: the agent trusts what the JVM's trust store trusts (chosen with {@code -Djavax.net.ssl.trustStore}
 * in a child JVM) and checks the host name. Skipped without Mosquitto or openssl.
 */
class TelemetryTlsTest {
    static final Map<String, String> USERS = Map.of("wall-tls", "pw-wall-tls");

    @TempDir
    static Path dir;
    static Mosquitto broker;
    static int tlsPort;
    static Path trustStore;

    @BeforeAll
    static void brokerWithTls() throws Exception {
        Optional<Path> openssl = Mosquitto.binary("openssl");
        Assumptions.assumeTrue(openssl.isPresent(), "openssl is not installed: the TLS test is skipped");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run(List.of(openssl.get().toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", key.toString(),
                "-out", cert.toString()));
        trustStore = dir.resolve("trust.p12");
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "layar-test-broker", "-file", cert.toString(), "-keystore", trustStore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit"));
        tlsPort = Mosquitto.freePort();
        broker = Mosquitto.start(dir.resolve("broker"), USERS, false, new Mosquitto.Tls(tlsPort, cert, key));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    static String probe(String url, boolean trusted, String name) throws Exception {
        List<String> jvm = trusted ? List.of("-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12") : List.of();
        Process p = ChildJvm.command(TlsProbe.class, jvm, List.of(url, dir.resolve("state-" + name).toString(), "wall-tls",
                USERS.get("wall-tls"))).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not finish");
        return out;
    }

    @Test
    void connectsWhenTheJvmTrustStoreTrustsTheBrokersCertificate() throws Exception {
        assertEquals("connected", probe("mqtts://localhost:" + tlsPort, true, "trusted"), broker.log());
    }

    @Test
    void refusesACertificateThatDoesNotNameTheHost() throws Exception {
        String out = probe("mqtts://127.0.0.1:" + tlsPort, true, "wrong-name");
        assertTrue(out.startsWith("error: TLS with the broker mqtts://127.0.0.1:" + tlsPort + " failed: "), out);
        assertTrue(out.endsWith("its certificate must name 127.0.0.1 and be signed by a CA in the JVM's trust store"), out);
    }

    @Test
    void refusesACertificateTheJvmDoesNotTrust() throws Exception {
        String out = probe("mqtts://localhost:" + tlsPort, false, "untrusted");
        assertTrue(out.startsWith("error: TLS with the broker mqtts://localhost:" + tlsPort + " failed: "), out);
    }

    private static void run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(argv)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", argv) + " failed:\n" + out);
        }
    }
}
