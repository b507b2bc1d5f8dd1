package id.layar.agent.hardware;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Frozen-screen watchdog. Given a counter of frames presented and an output health flag, it calls a restart action
 * (reopen the output) when frames stop advancing for {@code frozenAfter} while frames are expected, or when the output
 * reports a failure; it records each event for the status page. Restarts back off (doubling, up to five minutes) while
 * they do not help; after {@code maxRestarts} in a row without recovery it calls the escalation action once (the agent
 * exits, and systemd starts it afresh).
 *
 * <p>Pure logic: the time comes from the injected clock, {@link #check} is called by the caller's timer (about once a
 * second). Not thread-safe: call {@link #check} from one thread.
 */
public final class Watchdog {
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    static final int KEEP_EVENTS = 20;

    /** What happened. */
    public enum Kind {
        /** Frames stopped advancing. */
        FROZEN,
        /** The output reported a failure. */
        OUTPUT_FAILED,
        /** The restart action threw. */
        RESTART_FAILED,
        /** Frames advance again after a restart. */
        RECOVERED,
        /** Restarts did not help; the escalation action was called. */
        GAVE_UP
    }

    /** One event, for status. */
    public record Event(Instant at, Kind kind, String detail) {
    }

    /**
     * For the status page.
     *
     * @param restarts     restarts since start
     * @param failing      restarts in a row without recovery
     * @param lastAdvance  when frames last advanced (or the watch started, or frames stopped being expected)
     * @param events       the latest events, oldest first
     */
    public record Status(long restarts, int failing, Instant lastAdvance, List<Event> events) {
    }

    private final Clock clock;
    private final Duration frozenAfter;
    private final int maxRestarts;
    private final LongSupplier frames;
    private final BooleanSupplier healthy;
    private final BooleanSupplier expecting;
    private final Runnable restart;
    private final Runnable escalate;
    private final ArrayDeque<Event> events = new ArrayDeque<>();

    private long lastFrames;
    private Instant lastAdvance;
    private Instant nextRestartAllowed;
    private Duration backoff;
    private int failing;
    private long restarts;
    private boolean gaveUp;
    private boolean wasExpecting = true;

    /**
     * @param clock       the time
     * @param frozenAfter how long frames may stand still before the output is restarted (at least a second)
     * @param maxRestarts restarts in a row without recovery before escalating (at least 1)
     * @param frames      frames presented so far (only its changes matter)
     * @param healthy     false while the output reports a failure
     * @param expecting   whether frames are expected now (false while the panel is off by schedule)
     * @param restart     reopens the output; may throw
     * @param escalate    called once when restarts do not help (exit and let systemd restart the agent)
     */
    public Watchdog(Clock clock, Duration frozenAfter, int maxRestarts, LongSupplier frames, BooleanSupplier healthy,
                    BooleanSupplier expecting, Runnable restart, Runnable escalate) {
        if (frozenAfter.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("frozenAfter must be at least 1s; found " + frozenAfter);
        }
        if (maxRestarts < 1) {
            throw new IllegalArgumentException("maxRestarts must be at least 1; found " + maxRestarts);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.frozenAfter = frozenAfter;
        this.maxRestarts = maxRestarts;
        this.frames = frames;
        this.healthy = healthy;
        this.expecting = expecting;
        this.restart = restart;
        this.escalate = escalate;
        this.lastFrames = frames.getAsLong();
        this.lastAdvance = clock.instant();
        this.backoff = frozenAfter;
        this.nextRestartAllowed = lastAdvance;
    }

    /** A watchdog over a {@link SupervisedPanel}: restart means reopen it before the next frame. */
    public static Watchdog forPanel(Clock clock, Duration frozenAfter, int maxRestarts, SupervisedPanel panel,
                                    BooleanSupplier expecting, Runnable escalate) {
        return new Watchdog(clock, frozenAfter, maxRestarts, panel::framesPresented, panel::healthy, expecting,
                panel::requestReopen, escalate);
    }

    /** Looks at the counter and the flag once; restarts or escalates if needed. Returns the kind of event, or null. */
    public Kind check() {
        Instant now = clock.instant();
        long f = frames.getAsLong();
        boolean ok = healthy.getAsBoolean();
        if (f != lastFrames) {
            lastFrames = f;
            lastAdvance = now;
            if (ok && failing > 0) {
                record(now, Kind.RECOVERED, "frames advance again after " + failing + " restart(s)");
                failing = 0;
                backoff = frozenAfter;
                gaveUp = false;
                return Kind.RECOVERED;
            }
        }
        if (!expecting.getAsBoolean()) {
            wasExpecting = false;
            return null;
        }
        if (!wasExpecting) {
            // Frames are expected again (the panel came on): the limit counts from now.
            wasExpecting = true;
            lastAdvance = now;
        }
        Kind kind;
        String detail;
        if (!ok) {
            kind = Kind.OUTPUT_FAILED;
            detail = "the output reports a failure";
        } else if (Duration.between(lastAdvance, now).compareTo(frozenAfter) >= 0) {
            kind = Kind.FROZEN;
            detail = "no frame for " + Duration.between(lastAdvance, now).toSeconds() + " s (limit " + frozenAfter.toSeconds() + " s)";
        } else {
            return null;
        }
        if (now.isBefore(nextRestartAllowed) || gaveUp) {
            return null;
        }
        if (failing >= maxRestarts) {
            gaveUp = true;
            record(now, Kind.GAVE_UP, maxRestarts + " restart(s) in a row did not help (" + detail + "); escalating");
            escalate.run();
            return Kind.GAVE_UP;
        }
        failing++;
        restarts++;
        record(now, kind, detail + "; restarting the output (attempt " + failing + ")");
        try {
            restart.run();
        } catch (RuntimeException e) {
            record(now, Kind.RESTART_FAILED, String.valueOf(e.getMessage()));
        }
        lastAdvance = now;
        nextRestartAllowed = now.plus(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        return kind;
    }

    /**
     * Whether the output is frozen or failed and has not recovered: from the first restart until frames advance again
     * on a healthy output (also after giving up). For the status LED; call from the thread that calls {@link #check}.
     */
    public boolean troubled() {
        return failing > 0;
    }

    private void record(Instant at, Kind kind, String detail) {
        if (events.size() == KEEP_EVENTS) {
            events.removeFirst();
        }
        events.addLast(new Event(at, kind, detail));
    }

    public Status status() {
        return new Status(restarts, failing, lastAdvance, List.copyOf(events));
    }
}
