package id.layar.agent;

import id.layar.playlist.Item;
import id.layar.playlist.Playlist;
import id.layar.playlist.Schedule;
import id.layar.playlist.TrustedRoot;
import id.layar.playlist.proof.PlayRecord;
import id.layar.render.Frame;
import id.layar.render.PanelPort;
import id.layar.render.TestPattern;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The player loop on its own platform thread ("player"): every tick it asks the schedule what plays at the
 * agent's clock time, renders it into one reused frame and shows it. Black when nothing is accepted or
 * nothing is eligible, or when an item cannot be drawn. Frames are paced with {@link System#nanoTime()}
 * deadlines; a late loop skips frames rather than drifting. Schedule time comes from the injected clock.
 *
 * <p>While the panel is switched off ({@link #showWhen}) the player shows black once and then idles, presenting
 * nothing. A technician's test pattern ({@link #testPattern}) replaces the content until cleared or until its end.
 * Whether a pattern may light a panel that the schedule has off is not decided here: the agent's {@code showWhen}
 * (PanelPower) counts an active pattern ({@link #testPatternAt}) as a reason to be on, unless a technician keeps the
 * panel off.
 * Each item's time on the wall (one schedule slot) is reported to the {@link PlayListener} when it leaves the wall.
 */
final class Player {
    private static final Logger LOG = LoggerFactory.getLogger(Player.class);
    private static final int BLACK = 0x000000;
    /** A copy of the shown frame younger than this is handed out again instead of copying anew. */
    private static final long COPY_MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Draws an item at a moment into a frame; one per accepted playlist. */
    interface Painter {
        /** Called from the player thread only; {@code now} is the agent's trusted time (clock items show it). */
        void render(Item item, long millisIntoItem, Instant now, Frame target) throws IOException;

        /** Gets the item that plays next ready (opens a video, decodes its first frame); may run on another thread. */
        default void prepare(Item next) throws IOException {
        }

        /** Releases decoders when the playlist is replaced; called from the player thread after its last render. */
        default void close() {
        }
    }

    /** Told about every item that left the wall; called on the player thread, so it must only hand the record on. */
    interface PlayListener {
        void played(Item item, long version, Instant start, Instant end, PlayRecord.Outcome outcome);
    }

    /** A test pattern on the wall instead of the content, until {@code until} (null: until cleared). */
    record PatternOverride(TestPattern.Kind kind, Instant until) {
    }

    /** How long before a slot ends the next item is prepared, so the switch shows no black or frozen frame. */
    static final long PREPARE_AHEAD_MS = 1_000;
    /** A play that ends this close to its slot's end counts as played, not cut. */
    static final long SLOT_END_TOLERANCE_MS = 250;

    private final PanelPort panel;
    private final Clock clock;
    private final long periodNanos;
    private final Supplier<TrustedRoot.Verified> accepted;
    /** Makes a painter for a newly accepted playlist (the old one is closed, dropping its decoded media). */
    private final Function<Playlist, Painter> painters;
    /** Runs {@link Painter#prepare} off the player thread (the agent passes its worker pool). */
    private final Executor preparer;

    private final Thread thread;
    private volatile boolean running;
    private volatile Predicate<Instant> showWhen = now -> true;
    private volatile PlayListener plays = (item, version, start, end, outcome) -> { };
    private volatile PatternOverride pattern;
    private volatile boolean idle;

    /** The play on the wall: player thread only. */
    private Item playItem;
    private long playVersion;
    private Instant playStart;
    private Instant playSlotStart;
    private Instant playSlotEnd;
    private boolean playFailed;

    private volatile StatusSnapshot.Playing playing;
    private volatile StatusSnapshot.RenderError renderError;
    private volatile long framesShown;
    private volatile long framesSkipped;

    private final Object copyLock = new Object();
    private Frame lastCopy;
    private long lastCopyAt;
    private final AtomicReference<CompletableFuture<Frame>> copyRequest = new AtomicReference<>();

    Player(PanelPort panel, Clock clock, int fps, Supplier<TrustedRoot.Verified> accepted,
           Function<Playlist, Painter> painters, Executor preparer) {
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("fps must be 1..60; found " + fps);
        }
        this.panel = panel;
        this.clock = clock;
        this.periodNanos = 1_000_000_000L / fps;
        this.accepted = accepted;
        this.painters = painters;
        this.preparer = preparer;
        this.thread = new Thread(this::loop, "player");
        // Daemon: a forgotten stop() must not keep the JVM alive; Main stops it on shutdown anyway.
        this.thread.setDaemon(true);
    }

    /** Whether the panel should show frames at a moment (false while the power schedule has it off). Set before start. */
    void showWhen(Predicate<Instant> shouldShow) {
        this.showWhen = shouldShow;
    }

    /** Where finished plays go (the proof-of-play outbox). Set before start. */
    void onPlay(PlayListener listener) {
        this.plays = listener;
    }

    /** Shows a test pattern instead of the content until {@code until} (null: until {@link #clearTestPattern}). */
    void testPattern(TestPattern.Kind kind, Instant until) {
        pattern = new PatternOverride(kind, until);
        LockSupport.unpark(thread);
    }

    void clearTestPattern() {
        pattern = null;
        LockSupport.unpark(thread);
    }

    /** The test pattern on the wall now, or null. */
    PatternOverride testPattern() {
        PatternOverride p = pattern;
        return active(p, clock.instant()) ? p : null;
    }

    /** Whether a test pattern is set for {@code now} (not cleared, not ended). Cheap, any thread. */
    boolean testPatternAt(Instant now) {
        return active(pattern, now);
    }

    private static boolean active(PatternOverride p, Instant now) {
        return p != null && (p.until() == null || now.isBefore(p.until()));
    }

    /** True while the panel is off and the player presents nothing. */
    boolean idle() {
        return idle;
    }

    void start() {
        running = true;
        thread.start();
    }

    /** Stops the loop and waits for the thread to end (blocking: call from a worker or a plain thread). */
    void stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(TimeUnit.SECONDS.toMillis(5));
        CompletableFuture<Frame> pending = copyRequest.getAndSet(null);
        if (pending != null) {
            pending.complete(lastFrameOrBlack());
        }
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    StatusSnapshot.Playing playing() {
        return playing;
    }

    StatusSnapshot.RenderError renderError() {
        return renderError;
    }

    long framesShown() {
        return framesShown;
    }

    long framesSkipped() {
        return framesSkipped;
    }

    /**
     * A copy of the frame last shown. A copy under half a second old is reused, so copies happen at most
     * about twice a second however many technicians watch; otherwise the player copies after its next frame.
     */
    CompletableFuture<Frame> lastFrame() {
        synchronized (copyLock) {
            if (lastCopy != null && System.nanoTime() - lastCopyAt < COPY_MAX_AGE_NANOS) {
                return CompletableFuture.completedFuture(lastCopy);
            }
        }
        if (!running || !thread.isAlive()) {
            return CompletableFuture.completedFuture(lastFrameOrBlack());
        }
        CompletableFuture<Frame> fresh = new CompletableFuture<>();
        CompletableFuture<Frame> existing = copyRequest.compareAndExchange(null, fresh);
        return existing != null ? existing : fresh;
    }

    private Frame lastFrameOrBlack() {
        synchronized (copyLock) {
            return lastCopy != null ? lastCopy : new Frame(panel.width(), panel.height());
        }
    }

    private void loop() {
        Frame frame = new Frame(panel.width(), panel.height());
        TrustedRoot.Verified current = null;
        Painter painter = null;
        Schedule.NowPlaying np = null;
        Instant preparedSlot = null;
        String failingItem = null;
        boolean blackShown = false;
        long deadline = System.nanoTime();
        while (running) {
            try {
                TrustedRoot.Verified v = accepted.get();
                if (v != current) {
                    current = v;
                    if (painter != null) {
                        painter.close();
                    }
                    painter = v == null ? null : painters.apply(v.playlist());
                    np = null;
                    preparedSlot = null;
                    failingItem = null;
                }
                Instant now = clock.instant();
                if (!showWhen.test(now)) {
                    // Panel off: black once (the relay may lag, or there is none), then nothing until it is back on.
                    endPlay(now);
                    playing = null;
                    if (!blackShown) {
                        frame.fill(BLACK);
                        panel.show(frame);
                        framesShown++;
                        blackShown = true;
                    }
                    idle = true;
                    serveCopy(frame);
                    deadline = nextDeadline(deadline);
                    continue;
                }
                idle = false;
                blackShown = false;
                PatternOverride override = testPattern();
                if (override != null) {
                    endPlay(now);
                    playing = null;
                    TestPattern.draw(override.kind(), System.nanoTime() / 1_000_000, frame);
                    panel.show(frame);
                    framesShown++;
                    serveCopy(frame);
                    deadline = nextDeadline(deadline);
                    continue;
                }
                Item item = null;
                if (v != null) {
                    np = nowPlaying(v.playlist(), np, now);
                    item = np.item();
                }
                if (item == null) {
                    endPlay(now);
                    frame.fill(BLACK);
                    playing = null;
                } else {
                    if (playItem == null || !np.slotStart().equals(playSlotStart) || !item.id().equals(playItem.id())
                            || playVersion != v.playlist().version()) {
                        endPlay(now);
                        playItem = item;
                        playVersion = v.playlist().version();
                        playStart = now;
                        playSlotStart = np.slotStart();
                        playSlotEnd = np.slotEnd();
                        playFailed = false;
                    }
                    try {
                        painter.render(item, np.millisIntoItem(now), now, frame);
                        if (item.id().equals(failingItem)) {
                            failingItem = null;
                        }
                    } catch (IOException | RuntimeException e) {
                        frame.fill(BLACK);
                        playFailed = true;
                        if (!item.id().equals(failingItem)) {
                            // Once per item, not once per frame.
                            failingItem = item.id();
                            renderError = new StatusSnapshot.RenderError(now, item.id(), String.valueOf(e));
                            LOG.warn("cannot draw item '{}' (blob {}); the wall shows black while it is scheduled: {}",
                                    item.id(), item.blob().sha256(), e.toString());
                        }
                    }
                    StatusSnapshot.Playing p = playing;
                    if (p == null || !p.id().equals(item.id())) {
                        playing = new StatusSnapshot.Playing(item.id(), item.title(), now);
                    }
                }
                panel.show(frame);
                framesShown++;
                if (np != null && np.item() != null && !np.slotStart().equals(preparedSlot)
                        && np.until().toEpochMilli() - now.toEpochMilli() <= PREPARE_AHEAD_MS) {
                    preparedSlot = np.slotStart();
                    prepareNext(painter, v.playlist(), np.until());
                }
                serveCopy(frame);
            } catch (RuntimeException e) {
                // A broken panel port or schedule bug must not kill the loop: log, then try the next tick.
                LOG.error("player tick failed", e);
            }
            deadline = nextDeadline(deadline);
        }
        endPlay(clock.instant());
    }

    /**
     * Reports the play on the wall, if any, as ended at {@code now}: played when its slot ran out (the switch is seen
     * up to a frame late, so the slot's end is the end), cut when something else took the wall first, failed when it
     * could not be drawn.
     */
    private void endPlay(Instant now) {
        if (playItem == null) {
            return;
        }
        Item item = playItem;
        playItem = null;
        boolean ranOut = playSlotEnd != null && !now.isBefore(playSlotEnd.minusMillis(SLOT_END_TOLERANCE_MS));
        PlayRecord.Outcome outcome = playFailed ? PlayRecord.Outcome.FAILED
                : ranOut ? PlayRecord.Outcome.PLAYED : PlayRecord.Outcome.CUT;
        Instant end = ranOut && now.isAfter(playSlotEnd) ? playSlotEnd : now;
        if (end.isBefore(playStart)) {
            end = playStart; // the clock went back: a zero-length play rather than a negative one
        }
        try {
            plays.played(item, playVersion, playStart, end, outcome);
        } catch (RuntimeException e) {
            LOG.warn("could not record the play of '{}': {}", item.id(), e.toString());
        }
    }

    private void prepareNext(Painter painter, Playlist playlist, Instant at) {
        Item next = Schedule.at(playlist, at).item();
        if (next == null) {
            return;
        }
        preparer.execute(() -> {
            try {
                painter.prepare(next);
            } catch (IOException | RuntimeException e) {
                // Not fatal: render() opens it at the switch, and reports there if it really cannot.
                LOG.debug("could not prepare item '{}' ahead of time: {}", next.id(), e.toString());
            }
        });
    }

    /** Reuses the schedule's answer until it says to ask again (or the clock jumps back). */
    private static Schedule.NowPlaying nowPlaying(Playlist p, Schedule.NowPlaying last, Instant now) {
        if (last != null && now.isBefore(last.until()) && !now.isBefore(last.slotStart())) {
            return last;
        }
        return Schedule.at(p, now);
    }

    private void serveCopy(Frame frame) {
        CompletableFuture<Frame> request = copyRequest.getAndSet(null);
        if (request == null) {
            return;
        }
        Frame copy = frame.copy();
        synchronized (copyLock) {
            lastCopy = copy;
            lastCopyAt = System.nanoTime();
        }
        request.complete(copy);
    }

    /** Sleeps until the next frame's deadline; when more than a frame late, skips ahead instead of catching up. */
    private long nextDeadline(long deadline) {
        long next = deadline + periodNanos;
        long now = System.nanoTime();
        long late = now - next;
        if (late > periodNanos) {
            long missed = late / periodNanos;
            framesSkipped += missed;
            next += missed * periodNanos;
        }
        while (running) {
            long wait = next - System.nanoTime();
            if (wait <= 0) {
                break;
            }
            LockSupport.parkNanos(this, wait);
        }
        return next;
    }
}
