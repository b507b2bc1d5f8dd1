package id.layar.packager;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Waiting in tests without sleeping as an assertion: poll a condition until a deadline, then fail saying what. */
public final class Poll {
    public static final Duration DEADLINE = Duration.ofSeconds(20);

    private Poll() {
    }

    /** Polls every 20 ms until {@code condition} holds; fails with {@code what} and the last {@code state} otherwise. */
    public static void until(String what, Callable<Boolean> condition, Callable<String> state) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(condition.call())) {
                return;
            }
            if (System.nanoTime() > end) {
                fail("waited " + DEADLINE.toSeconds() + " s for " + what + "; now: " + state.call());
            }
            Thread.sleep(20);
        }
    }

    public static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
}
