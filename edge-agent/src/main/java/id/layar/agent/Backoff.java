package id.layar.agent;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with full jitter for failed sync cycles: the n-th retry waits a random time between 0 and
 * {@code min(cap, base * 2^n)}, so a fleet that lost its origin at the same moment does not come back in step.
 * Reset on success. Event loop only.
 */
final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;
    private int attempt;

    Backoff(Duration base, Duration cap, DoubleSupplier random) {
        this.base = base;
        this.cap = cap.compareTo(base) < 0 ? base : cap;
        this.random = random;
    }

    /** The delay before the next retry; each call counts one more failure. */
    Duration next() {
        long ceiling = ceiling(attempt);
        if (attempt < 62) {
            attempt++;
        }
        // At least 1 ms: a zero delay would retry in the same breath.
        return Duration.ofMillis(Math.max(1, (long) (random.getAsDouble() * ceiling)));
    }

    /** The largest delay the n-th retry may wait. */
    long ceiling(int n) {
        long b = base.toMillis();
        long c = cap.toMillis();
        return n >= 62 || b > (c >> Math.min(n, 62)) ? c : Math.min(c, b << n);
    }

    void reset() {
        attempt = 0;
    }

    int failures() {
        return attempt;
    }
}
