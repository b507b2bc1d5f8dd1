package id.layar.agent;

import id.layar.agent.hardware.HardwareContext;
import id.layar.agent.hardware.HardwareStatus;
import id.layar.agent.hardware.PanelPower;
import id.layar.agent.hardware.PowerSchedule;
import id.layar.agent.telemetry.SystemFacts;
import id.layar.agent.telemetry.Telemetry;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.Playlist;
import id.layar.playlist.Rejection;
import id.layar.playlist.TrustedRoot;
import id.layar.render.BlobSource;
import id.layar.render.Frame;
import id.layar.render.ItemRenderer;
import id.layar.render.PanelPort;
import id.layar.render.TestPattern;
import id.layar.render.VirtualPanel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent beside one videotron: sync, player and technician API over a state folder.
 *
 * <p>Threads: the Vert.x event loop runs sync and the API; workers verify signatures, hash and write files;
 * the player has its own thread, so rendering never waits for the network and the network never waits for
 * rendering. Expiry and the schedule go by {@link TrustedClock trusted time}, never by a bare system clock.
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** Frames that do not advance for this long while the panel should show them count as a frozen screen. */
    static final Duration FROZEN_AFTER = Duration.ofSeconds(10);
    /** Output restarts in a row before the watchdog gives up and the process exits for systemd to restart it. */
    static final int MAX_OUTPUT_RESTARTS = 3;

    /**
     * What the agent runs with besides its config and panel.
     *
     * @param hardware     the opened hardware (power, brightness, LED, watchdog over the output), or null
     * @param metrics      where the agent's meters go (Main passes the one Vert.x reports to), or null for a new one
     * @param outputGaveUp called when the watchdog's restarts did not bring frames back (Main exits), or null
     */
    public record Extras(HardwareContext hardware, PrometheusMeterRegistry metrics, Runnable outputGaveUp) {
        public static final Extras NONE = new Extras(null, null, null);
    }

    private final Vertx vertx;
    private final AgentConfig config;
    private final PanelPort panel;
    private final TrustedClock clock;
    private final AgentState state;
    private final StateStore store;
    private final Player player;
    private final Syncer syncer;
    private final TechnicianApi api;
    private final long startedNanos = System.nanoTime();
    private final HardwareContext hardware;
    private final PrometheusMeterRegistry metrics;
    private final AtomicBoolean ticking = new AtomicBoolean();
    /** The playlist whose power hours PanelPower has ({@link #applyPlaylistPowerHours}). */
    private TrustedRoot.Verified powerHoursFrom;
    private volatile HardwareStatus hardwareStatus;
    /** The MQTT side (state, proof of play, notifications), or null without {@code mqtt:} or when it could not start. */
    private volatile Telemetry telemetry;
    private volatile String telemetryError;
    private long tickTimer = -1;
    private Future<Void> stopping;
    private volatile String syncerDeployment;
    private volatile String apiDeployment;

    private Agent(Vertx vertx, AgentConfig config, PanelPort panel, TrustedClock clock, AgentState state, StateStore store,
                  Player player, Syncer syncer, TechnicianApi api, HardwareContext hardware, PrometheusMeterRegistry metrics) {
        this.vertx = vertx;
        this.config = config;
        this.panel = panel;
        this.clock = clock;
        this.state = state;
        this.store = store;
        this.player = player;
        this.syncer = syncer;
        this.api = api;
        this.hardware = hardware;
        this.metrics = metrics;
    }

    /** Loads the trusted root and any stored playlist (re-verified; blobs checked), starts sync, player and technician API. */
    public static Future<Agent> start(Vertx vertx, AgentConfig config, PanelPort panel, Clock clock) {
        return start(vertx, config, panel, clock, Syncer.Timeouts.DEFAULT);
    }

    /** As {@link #start(Vertx, AgentConfig, PanelPort, Clock)}, with hardware control and shared metrics. */
    public static Future<Agent> start(Vertx vertx, AgentConfig config, PanelPort panel, Clock clock, Extras extras) {
        return start(vertx, config, panel, clock, Syncer.Timeouts.DEFAULT, extras);
    }

    static Future<Agent> start(Vertx vertx, AgentConfig config, PanelPort panel, Clock clock, Syncer.Timeouts timeouts) {
        return start(vertx, config, panel, clock, timeouts, Extras.NONE);
    }

    static Future<Agent> start(Vertx vertx, AgentConfig config, PanelPort panel, Clock clock, Syncer.Timeouts timeouts,
                               Extras extras) {
        if (panel.width() != config.width() || panel.height() != config.height()) {
            return Future.failedFuture(new IllegalArgumentException("the panel is " + panel.width() + "x" + panel.height()
                    + " but the config says panel.width " + config.width() + ", panel.height " + config.height()
                    + "; make them agree"));
        }
        return vertx.executeBlocking(() -> boot(config, clock), false).compose(booted -> {
            AgentState state = booted.state();
            StateStore store = booted.store();
            TrustedClock trusted = booted.clock();
            Updater updater = new Updater(vertx, config, store, state, trusted);
            Agent[] self = new Agent[1];
            BlobSource blobs = new BlobSource() {
                @Override
                public InputStream open(BlobRef blob) throws IOException {
                    return store.openBlob(blob);
                }

                @Override
                public Path path(BlobRef blob) {
                    return store.blobFile(blob); // videos decode straight from the store, no temp copy
                }
            };
            Function<Playlist, Player.Painter> painters = playlist -> painter(
                    new ItemRenderer(blobs, panel.width(), panel.height(), playlist.timezone()));
            // Preparing the next item (opening a video) takes tens of ms: the worker pool, not the player thread.
            Executor preparer = task -> vertx.executeBlocking(() -> {
                task.run();
                return null;
            }, false);
            Player player = new Player(panel, trusted, config.fps(), () -> self[0].onWall(), painters, preparer);
            HardwareContext hw = extras.hardware();
            if (hw != null) {
                // One decision for relay, player, watchdog and LED: PanelPower's, which counts an active test pattern.
                hw.power().ifPresent(p -> p.testPatternWhile(player::testPatternAt));
                player.showWhen(now -> self[0].mayShow(now));
            }
            Syncer syncer = new Syncer(config, updater, state, trusted, timeouts);
            TechnicianApi api = new TechnicianApi(config, () -> self[0].status(), () -> self[0].currentFrame(),
                    new Controls(() -> self[0]));
            PrometheusMeterRegistry registry = extras.metrics() != null ? extras.metrics()
                    : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Agent agent = new Agent(vertx, config, panel, trusted, state, store, player, syncer, api, hw, registry);
            self[0] = agent;
            agent.registerMeters();
            return agent.startTelemetry()
                    .compose(x -> agent.run(extras))
                    .recover(t -> agent.stop().transform(x -> Future.failedFuture(t)));
        });
    }

    /** Starts the player, the hardware tick, sync and the technician API, then the first sync. */
    private Future<Agent> run(Extras extras) {
        player.start();
        if (hardware != null) {
            Runnable gaveUp = extras.outputGaveUp() != null ? extras.outputGaveUp()
                    : () -> LOG.error("the output does not recover; restart the agent");
            hardware.watchdog(Clock.systemUTC(), FROZEN_AFTER, MAX_OUTPUT_RESTARTS, gaveUp);
            tickTimer = vertx.setPeriodic(1000, id -> hardwareTick());
        }
        return vertx.deployVerticle(syncer)
                .compose(id -> {
                    syncerDeployment = id;
                    return vertx.deployVerticle(api).recover(t -> Future.failedFuture(new IOException(
                            "the technician API cannot listen on " + config.apiHost() + ":" + config.apiPort() + " ("
                                    + t.getMessage() + "); free the port or choose another api.port", t)));
                })
                .map(id -> {
                    apiDeployment = id;
                    LOG.info("agent {} on channel {} started (root version {}); technician API on {}:{}", config.device(),
                            config.channel(), state.root.root().version(), config.apiHost(), api.port());
                    syncNow();
                    return this;
                });
    }

    /**
     * Starts the MQTT side when the config has a broker. It never fails the agent: a broker that is down is retried
     * in the background, and an outbox that cannot be opened (a damaged plays.db) leaves the wall playing without
     * proof of play, with the reason in status.
     */
    private Future<Void> startTelemetry() {
        if (config.mqtt() == null) {
            return Future.succeededFuture();
        }
        return Telemetry.start(vertx, config.mqtt(), config.device(), config.channel(), store.dir(), () -> status().toJson(),
                        SystemFacts.system(), syncer::syncSoon, clock)
                .map(t -> {
                    telemetry = t;
                    player.onPlay((item, version, start, end, outcome) -> t.recordPlay(item.id(), version, start, end, outcome));
                    return (Void) null;
                })
                .recover(e -> {
                    telemetryError = "MQTT and proof of play are off: " + e.getMessage();
                    LOG.error("{}; the wall plays on", telemetryError);
                    return Future.succeededFuture();
                });
    }

    /** The state a process starts from: root, stored playlist, trust floor, with the state folder held. */
    record Booted(StateStore store, AgentState state, TrustedClock clock, List<String> notices) {
    }

    /**
     * Blocking: takes the state folder, chooses the root (provisioned or rotated, the higher version wins), loads the
     * stored playlist through {@link StateStore#load} and the trust floor (the newer of trust.json and the stored
     * playlist). Used by the agent and by {@code import}.
     */
    static Booted boot(AgentConfig config, Clock system) throws IOException {
        byte[] rootBytes;
        try {
            rootBytes = Files.readAllBytes(config.root());
        } catch (NoSuchFileException e) {
            throw new IOException("the trusted root " + config.root() + " does not exist; install root.json from the"
                    + " provisioning kit there", e);
        }
        TrustedRoot provisioned;
        try {
            provisioned = TrustedRoot.load(rootBytes);
        } catch (Rejection r) {
            throw new IOException("the trusted root " + config.root() + " is not valid (" + r.describe()
                    + "); reinstall root.json from the provisioning kit", r);
        }
        StateStore store = StateStore.openExclusive(config.state());
        try {
            List<String> notices = new ArrayList<>();
            StateStore.RootChoice choice = store.chooseRoot(provisioned, config.root());
            if (choice.notice() != null) {
                notices.add(choice.notice());
            }
            StateStore.Trust trust = store.readTrust(notices);
            Instant now = new id.layar.playlist.TrustedTime(trust.floor()).now(system.instant());
            StateStore.Boot boot = store.load(choice.root(), config.channel(), now);
            trust = trust.max(new StateStore.Trust(Instant.EPOCH, boot.floorVersion()));
            if (boot.stored() != null) {
                trust = trust.max(new StateStore.Trust(boot.stored().playlist().issued(), boot.stored().playlist().version()));
            }
            AgentState state = new AgentState();
            state.root = choice.root();
            state.trust = trust;
            state.accepted.set(boot.playable());
            state.stored = boot.stored();
            // With a playable playlist the only boot problem is expiry, which status judges live by trusted time.
            state.problem = boot.playable() != null ? null : boot.problem();
            TrustedClock clock = new TrustedClock(system, trust.floor());
            for (String n : notices) {
                LOG.warn("{}", n);
            }
            if (boot.problem() != null && boot.playable() == null) {
                LOG.warn("{}", boot.problem());
            }
            if (boot.playable() != null) {
                LOG.info("playing the stored playlist version {}", boot.floorVersion());
            }
            if (clock.behind()) {
                LOG.warn("the system clock ({}) is behind the newest signed time accepted ({}); expiry and the schedule go"
                        + " by trusted time until the clock is set (check NTP)", system.instant(), trust.floor());
            }
            try {
                state.storage = new StatusSnapshot.Storage(store.usedBytes(), store.quotaBytes(config.quota(),
                        AgentConfig.AUTO_QUOTA_PERCENT), store.usableBytes());
            } catch (IOException e) {
                LOG.warn("cannot measure the state folder {}: {}", config.state(), e.toString());
            }
            return new Booted(store, state, clock, notices);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * The once-a-second hardware housekeeping (relay, light sensor, status LED, watchdog) on a worker: GPIO and I2C
     * block for milliseconds. A tick still running when the next is due is skipped, not queued.
     */
    private void hardwareTick() {
        if (!ticking.compareAndSet(false, true)) {
            return;
        }
        applyPlaylistPowerHours();
        boolean syncing = state.nextSync == null;
        StatusSnapshot.LastSync last = state.lastSync;
        boolean error = state.problem != null || player.renderError() != null
                || (last != null && (last.outcome() == SyncOutcome.Kind.REJECTED || last.outcome() == SyncOutcome.Kind.FAILED));
        vertx.executeBlocking(() -> hardware.tick(clock.instant(), syncing, error), false)
                .onSuccess(h -> hardwareStatus = h)
                .onFailure(t -> LOG.warn("hardware tick failed: {}", t.toString()))
                .onComplete(x -> ticking.set(false));
    }

    /**
     * Whether the player may show content at {@code now} (the player asks every frame). The accepted playlist's power
     * hours are applied first, so the first frame of a playlist just accepted, or found on disk at boot, already obeys
     * them rather than waiting for the next hardware tick. Cheap: a reference compare unless the playlist changed.
     */
    private boolean mayShow(Instant now) {
        applyPlaylistPowerHours();
        return hardware.shouldShow(now);
    }

    /** Hands the accepted playlist's off-hours to the panel power, once per accepted playlist; any thread. */
    private synchronized void applyPlaylistPowerHours() {
        TrustedRoot.Verified accepted = state.accepted.get();
        if (accepted != powerHoursFrom) {
            powerHoursFrom = accepted;
            hardware.power().ifPresent(p -> p.playlistOff(accepted == null ? List.of() : accepted.playlist().powerOff().stream()
                    .map(w -> new PowerSchedule.Window(w.start(), w.end())).toList()));
        }
    }

    /** A hardware tick on the event loop as soon as it is free (callers may be on other threads). */
    private void hardwareTickSoon() {
        if (hardware != null) {
            vertx.runOnContext(x -> hardwareTick());
        }
    }

    /** The agent's own meters, next to what Vert.x reports (HTTP server and client, pools) when Main enables it. */
    private void registerMeters() {
        Gauge.builder("layar_playlist_version", this, a -> {
            TrustedRoot.Verified v = a.state.accepted.get();
            return v == null ? 0 : v.playlist().version();
        }).description("the accepted playlist's version (0: none)").register(metrics);
        Gauge.builder("layar_root_version", this, a -> a.state.root.root().version())
                .description("the trusted root's version").register(metrics);
        FunctionCounter.builder("layar_frames_shown", player, Player::framesShown)
                .description("frames presented to the panel").register(metrics);
        FunctionCounter.builder("layar_frames_skipped", player, Player::framesSkipped)
                .description("frames skipped because the player ran late").register(metrics);
        Gauge.builder("layar_on_air", this, a -> a.player.playing() != null ? 1 : 0)
                .description("1 while an item is on the wall, 0 while it is black or off").register(metrics);
        Gauge.builder("layar_panel_idle", this, a -> a.player.idle() ? 1 : 0)
                .description("1 while the panel is switched off by the power schedule").register(metrics);
        Gauge.builder("layar_playlist_expired", this, a -> {
            TrustedRoot.Verified v = a.state.accepted.get();
            return expired(v, a.clock.instant()) ? 1 : 0;
        })
                .description("1 while the accepted playlist has expired by trusted time").register(metrics);
        Gauge.builder("layar_clock_behind", this, a -> a.clock.behind() ? 1 : 0)
                .description("1 while the system clock is behind trusted time (check NTP)").register(metrics);
        Gauge.builder("layar_storage_used_bytes", this, a -> a.state.storage == null ? 0 : a.state.storage.usedBytes())
                .register(metrics);
        Gauge.builder("layar_storage_free_bytes", this, a -> a.state.storage == null ? 0 : a.state.storage.freeBytes())
                .register(metrics);
        if (config.mqtt() != null) {
            Gauge.builder("layar_mqtt_connected", this, a -> a.telemetry != null && a.telemetry.status().connected() ? 1 : 0)
                    .description("1 while connected to the broker").register(metrics);
            Gauge.builder("layar_proof_of_play_outbox", this, a -> a.telemetry == null ? 0 : a.telemetry.status().outboxSize())
                    .description("proof-of-play records waiting for the broker's acknowledgement").register(metrics);
        }
        if (hardware != null) {
            Gauge.builder("layar_brightness", this, a -> {
                HardwareStatus h = a.hardwareStatus;
                return h == null || h.brightness() == null ? Double.NaN : h.brightness().level();
            }).description("brightness applied to the output, 0..1").register(metrics);
            Gauge.builder("layar_output_restarts", this, a -> {
                HardwareStatus h = a.hardwareStatus;
                return h == null || h.watchdog() == null ? 0 : h.watchdog().restarts();
            }).description("times the watchdog restarted the output").register(metrics);
        }
    }

    /** The accepted playlist's zone (its schedule, clock items and off-hours go by it), or null before one. */
    public java.time.ZoneId playlistZone() {
        TrustedRoot.Verified v = state.accepted.get();
        return v == null ? null : v.playlist().timezone();
    }

    /**
     * Shows a test pattern instead of the content for {@code forHowLong} (null: until cleared), as the technician page
     * does; in off-hours it keeps the panel powered while it shows.
     *
     * @return null when it shows, else why not (a technician keeps the panel off)
     */
    public String showTestPattern(TestPattern.Kind kind, Duration forHowLong) {
        return new Controls(() -> this).testPattern(kind, forHowLong);
    }

    /** Prometheus text for GET /metrics. */
    String scrape() {
        return metrics.scrape();
    }

    /** What the technician page's buttons do. */
    private record Controls(java.util.function.Supplier<Agent> agent) implements TechnicianApi.Controls {
        @Override
        public String testPattern(TestPattern.Kind kind, Duration forHowLong) {
            Agent a = agent.get();
            Instant now = a.clock.instant();
            PanelPower p = a.hardware == null ? null : a.hardware.power().orElse(null);
            Instant keptOff = p == null ? null : p.keptOffUntil(now);
            if (keptOff != null) {
                // A technician's explicit "keep off" beats a pattern: say so rather than accept a pattern nobody sees.
                return "the panel power is kept off by a technician until " + keptOff + "; press 'Follow the schedule' or"
                        + " 'Keep on' first (DELETE /power, or POST /power with on: true), then show the pattern again";
            }
            Instant until = forHowLong == null ? null : now.plus(forHowLong);
            a.player.testPattern(kind, until);
            boolean powersPanel = p != null && "test-pattern".equals(p.status(now).reason());
            LOG.info("test pattern {} on the wall {}{}", kind.wireName(), until == null ? "until cleared" : "until " + until,
                    powersPanel ? "; it keeps the panel powered although the schedule has it off" : "");
            a.hardwareTickSoon(); // the relay follows now, not at the next second
            return null;
        }

        @Override
        public String clearTestPattern() {
            Agent a = agent.get();
            a.player.clearTestPattern();
            LOG.info("test pattern cleared; back to the content");
            a.hardwareTickSoon();
            return null;
        }

        @Override
        public String power(boolean on, Duration forHowLong) {
            Agent a = agent.get();
            PanelPower p = a.hardware == null ? null : a.hardware.power().orElse(null);
            if (p == null) {
                return "no power relay is configured (hardware.power in agent.yaml)";
            }
            Instant until = a.clock.instant().plus(forHowLong);
            p.override(on, until);
            LOG.info("panel power kept {} until {} by the technician", on ? "on" : "off", until);
            a.hardwareTick();
            return null;
        }

        @Override
        public String clearPower() {
            Agent a = agent.get();
            PanelPower p = a.hardware == null ? null : a.hardware.power().orElse(null);
            if (p == null) {
                return "no power relay is configured (hardware.power in agent.yaml)";
            }
            p.clearOverride();
            LOG.info("panel power follows the schedule again");
            a.hardwareTick();
            return null;
        }

        @Override
        public String metrics() {
            return agent.get().scrape();
        }
    }

    /** Whether {@code v} (null: none accepted) has expired at trusted time {@code now}. */
    private static boolean expired(TrustedRoot.Verified v, Instant now) {
        return v != null && !now.isBefore(v.playlist().expires());
    }

    /** What the player shows: the accepted playlist, unless it has expired and the policy says blank. */
    TrustedRoot.Verified onWall() {
        TrustedRoot.Verified v = state.accepted.get();
        if (config.expired() == AgentConfig.ExpiredPolicy.BLANK && expired(v, clock.instant())) {
            return null;
        }
        return v;
    }

    /** A "channel updated" notification: a sync now, or once more right after the one under way. */
    void notified() {
        syncer.syncSoon();
    }

    /** One sync cycle now (the poll timer runs them too); while one runs, its future is returned. */
    public Future<SyncOutcome> syncNow() {
        return syncer.syncNow();
    }

    /** What GET /status returns. */
    public StatusSnapshot status() {
        TrustedRoot.Verified v = state.accepted.get();
        Instant system = clock.systemNow();
        Instant trusted = clock.instant();
        String problem = state.problem;
        StatusSnapshot.Expired expired = null;
        boolean blank = false;
        if (expired(v, trusted)) {
            blank = config.expired() == AgentConfig.ExpiredPolicy.BLANK;
            expired = new StatusSnapshot.Expired(v.playlist().expires(), config.expired().wireName(), blank ? "black" : "content");
            if (problem == null) {
                // Never stale silently: say so until the origin offers a newer one.
                problem = "the playlist version " + v.playlist().version() + " expired at " + v.playlist().expires()
                        + " (trusted time " + trusted + "); " + (blank ? "the wall is black (expired: blank)"
                        : "it keeps playing (expired: keep-playing)") + " until the origin offers a newer one";
            }
        }
        StatusSnapshot.Playing playing = v == null || blank ? null : player.playing();
        return new StatusSnapshot(config.device(), config.channel(),
                v == null ? 0 : v.playlist().version(), v == null ? null : v.playlist().expires(),
                playing, state.lastSync, state.lastRejection, problem,
                player.renderError(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos), agentVersion(),
                state.root.root().version(), new StatusSnapshot.ClockStatus(system, trusted, clock.behind()), expired,
                state.storage, state.nextSync, hardwareJson(), patternJson(), mqttJson());
    }

    private JsonObject mqttJson() {
        Telemetry t = telemetry;
        if (t != null) {
            return t.status().toJson();
        }
        return telemetryError == null ? null : new JsonObject().put("connected", false).put("lastError", telemetryError);
    }

    private JsonObject hardwareJson() {
        if (hardware == null) {
            return null;
        }
        HardwareStatus h = hardwareStatus;
        return HardwareJson.of(h != null ? h : hardware.status(clock.instant()));
    }

    /** The test pattern, with {@code shown}: false while a technician's "keep off" hides it. */
    private JsonObject patternJson() {
        Player.PatternOverride p = player.testPattern();
        return p == null ? null : new JsonObject().put("kind", p.kind().wireName())
                .put("until", p.until() == null ? null : p.until().toString())
                .put("shown", hardware == null || hardware.shouldShow(clock.instant()));
    }

    /** The bound technician API port (the config may say 0). */
    public int apiPort() {
        return api.port();
    }

    Path stateDir() {
        return store.dir();
    }

    /** Stops timers, the player thread and the HTTP server, and releases the state folder, which stays as it is. */
    public synchronized Future<Void> stop() {
        if (stopping == null) {
            if (tickTimer >= 0) {
                vertx.cancelTimer(tickTimer);
            }
            Future<Void> undeploy = Future.join(undeploy(syncerDeployment), undeploy(apiDeployment)).mapEmpty();
            stopping = undeploy.transform(x -> vertx.executeBlocking(() -> {
                player.stop(); // reports the play on the wall as cut, before telemetry closes the outbox
                return null;
            }, false)).transform(x -> telemetry == null ? Future.<Void>succeededFuture() : telemetry.stop())
                    .transform(x -> vertx.executeBlocking(() -> {
                store.close();
                LOG.info("agent {} stopped; the state in {} is kept", config.device(), config.state());
                return null;
            }, false)).mapEmpty();
        }
        return stopping;
    }

    private Future<Void> undeploy(String id) {
        return id == null ? Future.succeededFuture() : vertx.undeploy(id);
    }

    Future<Frame> currentFrame() {
        if (panel instanceof VirtualPanel vp) {
            return Future.succeededFuture(vp.snapshot());
        }
        return Future.fromCompletionStage(player.lastFrame(), vertx.getOrCreateContext());
    }

    Player player() {
        return player;
    }

    /** The jar's Implementation-Version, or "development" when run from classes. */
    static String agentVersion() {
        String v = Agent.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    private static Player.Painter painter(ItemRenderer renderer) {
        return new Player.Painter() {
            @Override
            public void render(Item item, long millisIntoItem, Instant now, Frame target) throws IOException {
                renderer.render(item, millisIntoItem, now, target);
            }

            @Override
            public void prepare(Item next) throws IOException {
                renderer.prepare(next);
            }

            @Override
            public void close() {
                renderer.close();
            }
        };
    }
}
