package id.layar.agent.telemetry;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The device side of {@link TelemetryTlsTest}, in a child JVM so that the JVM's trust store can be chosen with
 * {@code -Djavax.net.ssl.trustStore}: starts Telemetry, waits until it is connected or has an error, and prints
 * {@code connected} or {@code error: <lastError>}. Arguments: broker URL, state folder, device id, password.
 */
public final class TlsProbe {
    private TlsProbe() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        MqttSettings settings = new MqttSettings(URI.create(args[0]), null, args[3], null);
        Telemetry t = Telemetry.start(vertx, settings, args[2], "tls", Path.of(args[1]), JsonObject::new,
                SystemFacts.system(), () -> { }, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!t.status().connected() && t.status().lastError() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        TelemetryStatus s = t.status();
        System.out.println(s.connected() ? "connected" : "error: " + s.lastError());
        t.stop().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        System.exit(0);
    }
}
