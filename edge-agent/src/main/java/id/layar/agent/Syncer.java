package id.layar.agent;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Updater} cycles against the HTTP origin: one at start, then every {@code poll}; after a failed cycle
 * sooner, backing off exponentially with full jitter ({@code download.retry} doubling up to 4 x poll), reset by the
 * next cycle that reaches the origin. Runs on its verticle's event loop.
 */
final class Syncer extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);

    /**
     * Network timeouts and the jitter of the retry back-off (a number in [0, 1)); tests shorten the first and fix
     * the second.
     */
    record Timeouts(Duration connect, Duration idle, java.util.function.DoubleSupplier jitter) {
        static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** A transport fault: the source is unreachable, too slow, or answered with something other than content. */
    static final class TransportFault extends IOException {
        TransportFault(String message) {
            super(message);
        }
    }

    private final AgentConfig config;
    private final Updater updater;
    private final AgentState state;
    private final TrustedClock clock;
    private final Timeouts timeouts;
    private final Backoff backoff;

    private HttpClientAgent client;
    private HttpSource source;
    private long timerId = -1;
    private boolean stopped;
    private Future<SyncOutcome> running;
    /** A notification came while a cycle ran (it may have fetched the playlist before the publish): run once more. */
    private boolean again;

    Syncer(AgentConfig config, Updater updater, AgentState state, TrustedClock clock, Timeouts timeouts) {
        this.config = config;
        this.updater = updater;
        this.state = state;
        this.clock = clock;
        this.timeouts = timeouts;
        this.backoff = new Backoff(config.download().retry(), config.poll().multipliedBy(4), timeouts.jitter());
    }

    @Override
    public Future<?> start() {
        client = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) timeouts.connect().toMillis())
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(60),
                new PoolOptions().setHttp1MaxSize(config.download().parallel()));
        source = new HttpSource(config.origin(), client, timeouts.idle());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        synchronized (this) {
            stopped = true;
        }
        vertx.cancelTimer(timerId);
        return client.close();
    }

    /**
     * A "channel updated" notification: a cycle now, or, if one is under way, one more right after it (the running
     * cycle may have fetched the playlist just before the publish). Any thread.
     */
    synchronized void syncSoon() {
        if (running != null) {
            again = true;
            return;
        }
        syncNow();
    }

    /** Runs one cycle now, or returns the running cycle's future if one is under way. Any thread. */
    synchronized Future<SyncOutcome> syncNow() {
        if (running != null) {
            return running;
        }
        Promise<SyncOutcome> done = Promise.promise();
        Future<SyncOutcome> f = done.future();
        running = f;
        context.runOnContext(v -> {
            vertx.cancelTimer(timerId);
            state.nextSync = null;
            updater.cycle(source).onComplete(ar -> {
                boolean rerun;
                synchronized (this) {
                    running = null;
                    rerun = again && !stopped;
                    again = false;
                }
                if (ar.succeeded()) {
                    scheduleAfter(ar.result());
                }
                done.handle(ar);
                if (rerun) {
                    syncNow();
                }
            });
        });
        return f;
    }

    /** The next cycle: at the poll interval, or sooner (with back-off) after a failure. */
    private void scheduleAfter(SyncOutcome o) {
        Duration delay;
        if (o.kind() == SyncOutcome.Kind.FAILED) {
            delay = backoff.next();
        } else {
            backoff.reset();
            // Up to 10% early, at random: walls that a notification synced together do not poll together forever.
            delay = config.poll().minusMillis((long) (config.poll().toMillis() * 0.1 * timeouts.jitter().getAsDouble()));
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        vertx.cancelTimer(timerId);
        timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> syncNow());
        state.nextSync = clock.systemNow().plus(delay);
        String playing = o.version() == 0 ? "nothing accepted yet" : "version " + o.version() + " keeps playing";
        switch (o.kind()) {
            case ACCEPTED -> LOG.info("sync accepted: {}", o.detail());
            case UNCHANGED -> LOG.info("sync unchanged: {}", o.detail());
            case REJECTED -> LOG.warn("sync rejected ({}): {}", playing, o.detail());
            case FAILED -> LOG.warn("sync failed ({}; retry {} in {} ms): {}", playing, backoff.failures(), delay.toMillis(), o.detail());
        }
    }

    /** Names the URL or file in a transport error; rejections and already-described faults pass through. */
    static Throwable withWhere(Throwable t, String where) {
        if (t instanceof id.layar.playlist.Rejection || t instanceof TransportFault || t instanceof Downloader.DiskFault
                || t instanceof StateStore.StorageFull) {
            return t;
        }
        TransportFault f = new TransportFault("cannot fetch " + where + ": " + describe(t));
        f.initCause(t);
        return f;
    }

    static String describe(Throwable t) {
        if (t instanceof TransportFault || t instanceof Downloader.DiskFault || t instanceof StateStore.StorageFull) {
            return t.getMessage();
        }
        String m = t.getMessage();
        String what = t.getClass().getSimpleName();
        return m == null || m.isBlank() ? what : what + ": " + m;
    }
}
