package id.layar.agent;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Stops slow-retrieval attacks on one transfer: it trips when fewer than {@code minBytes} arrive in a window
 * (an origin that drips a byte a second) or when the transfer outlives its deadline (an origin that sends just
 * enough, just in time). Two timers on the caller's event loop; no thread of its own.
 */
final class Watchdog {
    private final Vertx vertx;
    private final long minBytes;
    private final Duration window;
    private final Duration deadline;
    private final String what;
    private final Promise<Void> tripped = Promise.promise();
    private long periodicId = -1;
    private final long deadlineId;
    private long received;
    private long receivedAtTick;
    private Runnable cancel = () -> { };
    private boolean stopped;

    /** Starts watching now (call on the event loop that reads the transfer). */
    Watchdog(Vertx vertx, AgentConfig.Download policy, Duration deadline, String what) {
        this(vertx, policy.minBytes(), policy.window(), deadline, what);
    }

    Watchdog(Vertx vertx, long minBytes, Duration window, Duration deadline, String what) {
        this.vertx = vertx;
        this.minBytes = minBytes;
        this.window = window;
        this.deadline = deadline;
        this.what = what;
        this.deadlineId = vertx.setTimer(Math.max(1, deadline.toMillis()), id -> trip(what + " did not finish within its deadline of "
                + seconds(deadline) + " (" + received + " bytes arrived; download.min-bytes per download.window plus"
                + " download.grace); the origin is too slow or stalling on purpose"));
    }

    /** Counts bytes that arrived. */
    void received(long n) {
        received += n;
    }

    long receivedBytes() {
        return received;
    }

    /**
     * The transfer is open (its answer arrived): from now on every window must bring {@code minBytes}. Before, only
     * the deadline (and the connection's own timeouts) apply, so a cold start or a busy pool is not mistaken for a
     * slow origin. {@code cancel} stops the transfer when the watchdog trips; it runs at once if it already tripped.
     */
    void opened(Runnable cancel) {
        this.cancel = cancel;
        if (tripped.future().failed()) {
            cancel.run();
            return;
        }
        if (!stopped && periodicId < 0) {
            receivedAtTick = received;
            periodicId = vertx.setPeriodic(Math.max(1, window.toMillis()), id -> tick());
        }
    }

    /** Fails with a {@link Syncer.TransportFault} naming the transfer and the rate when it trips. */
    Future<Void> tripped() {
        return tripped.future();
    }

    boolean hasTripped() {
        return tripped.future().failed();
    }

    /** Ends the watch (the transfer finished or failed on its own). */
    void stop() {
        stopped = true;
        if (periodicId >= 0) {
            vertx.cancelTimer(periodicId);
        }
        vertx.cancelTimer(deadlineId);
    }

    private void tick() {
        long inWindow = received - receivedAtTick;
        receivedAtTick = received;
        if (inWindow < minBytes) {
            trip(what + " is too slow: " + inWindow + " byte(s) arrived in the last " + seconds(window) + ", the minimum is "
                    + minBytes + " (download.min-bytes per download.window); the origin is overloaded or stalling on purpose");
        }
    }

    private void trip(String message) {
        if (stopped) {
            return;
        }
        stop();
        if (tripped.tryFail(new Syncer.TransportFault(message))) {
            cancel.run();
        }
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
