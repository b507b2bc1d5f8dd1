package id.layar.packager;

import static org.junit.jupiter.api.Assertions.fail;

import id.layar.render.Frame;
import id.layar.render.VirtualPanel;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** Waiting for what a real agent puts on its virtual panel, shared by the tests that run one. */
final class WallAssertions {
    private WallAssertions() {
    }

    /** Waits up to 10 s for the panel to show exactly {@code expected}; fails with how many pixels differ. */
    static void awaitFrame(VirtualPanel panel, Frame expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (panel.snapshot().samePixels(expected)) {
                return;
            }
            Thread.sleep(20);
        }
        Frame got = panel.snapshot();
        int differing = 0;
        for (int i = 0; i < got.pixels().length; i++) {
            if ((got.pixels()[i] & 0xFFFFFF) != (expected.pixels()[i] & 0xFFFFFF)) {
                differing++;
            }
        }
        fail("the panel never showed " + what + ": " + differing + " of " + got.pixels().length + " pixels differ");
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
