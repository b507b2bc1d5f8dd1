package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} on the Vert.x that {@code run} builds: Vert.x's own meters beside the agent's. */
class MetricsTest {
    @Test
    void vertxsOwnHttpMetersAppearBesideTheAgentsAtMetrics(@TempDir Path dir) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Main.vertx(registry);
        try (Harness h = new Harness(vertx, dir)) {
            byte[] red = Bundles.png(Bundles.RED);
            Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(3, Bundles.still("red", red))), red);
            h.extras = new Agent.Extras(null, registry, null);
            h.start();
            h.get("/status", null); // one request the server meters count
            var r = h.get("/metrics", null);
            assertEquals(200, r.statusCode());
            String text = r.bodyAsString();
            assertTrue(text.contains("layar_playlist_version 3.0"), "the agent's gauge: " + text);
            assertTrue(text.contains("vertx_http_client_requests_total"), "Vert.x's client meters (the sync): " + text);
            assertTrue(text.contains("vertx_http_server_requests_total"), "Vert.x's server meters (this API): " + text);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
