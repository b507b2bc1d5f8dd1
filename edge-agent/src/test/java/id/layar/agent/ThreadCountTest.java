package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Pi has four cores and little memory: the agent, as Main builds it, must stay within a handful of threads. */
class ThreadCountTest {
    @Test
    void agentRunsOnAHandfulOfThreads(@TempDir Path dir) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Vertx vertx = Vertx.builder().with(Main.vertxOptions()).build();
        try {
            Harness h = new Harness(vertx, dir);
            byte[] red = Bundles.png(Bundles.RED);
            Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(1, Bundles.still("red", red))), red);
            h.start();
            h.awaitPanel(Bundles.solid(Bundles.RED), "red");
            h.get("/frame.png", null);
            h.get("/", "id");
            h.httpStatus();
            h.sync();
            List<String> added = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive())
                    .map(Thread::getName).sorted().collect(Collectors.toList());
            System.out.println("threads started by Vert.x (Main's options), the agent and the test's fake origin: "
                    + added.size() + " " + added);
            // The JDK starts these once per process on first use (java.lang.ref.Cleaner, AWT for PNG coding).
            added.removeIf(n -> n.startsWith("Cleaner-") || n.equals("Java2D Disposer"));
            assertEquals(1, added.stream().filter(n -> n.equals("player")).count(), added::toString);
            assertTrue(added.stream().filter(n -> n.startsWith("vert.x-eventloop")).count() <= 1, added::toString);
            assertTrue(added.stream().filter(n -> n.startsWith("vert.x-worker")).count() <= 2, added::toString);
            assertTrue(added.size() <= 8, added::toString);
            h.close();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
