package id.layar.agent;

import id.layar.playlist.Rejection;
import id.layar.playlist.TrustedRoot;
import id.layar.render.Frame;
import id.layar.render.ItemRenderer;
import java.util.function.Function;
import java.util.concurrent.Executor;
import java.io.InputStream;
import id.layar.render.BlobSource;
import id.layar.playlist.Playlist;
import id.layar.playlist.Item;
import id.layar.playlist.BlobRef;
import id.layar.render.PanelPort;
import id.layar.render.VirtualPanel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
    private Future<Void> stopping;
    private volatile String syncerDeployment;
    private volatile String apiDeployment;

    private Agent(Vertx vertx, AgentConfig config, PanelPort panel, TrustedClock clock, AgentState state, StateStore store,
                  Player player, Syncer syncer, TechnicianApi api) {
        this.vertx = vertx;
        this.config = config;
        this.panel = panel;
        this.clock = clock;
        this.state = state;
        this.store = store;
        this.player = player;
        this.syncer = syncer;
        this.api = api;
    }

    /** Loads the trusted root and any stored playlist (re-verified; blobs checked), starts sync, player and technician API. */
    public static Future<Agent> start(Vertx vertx, AgentConfig config, PanelPort panel, Clock clock) {
        return start(vertx, config, panel, clock, Syncer.Timeouts.DEFAULT);
    }

    static Future<Agent> start(Vertx vertx, AgentConfig config, PanelPort panel, Clock clock, Syncer.Timeouts timeouts) {
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
            Syncer syncer = new Syncer(config, updater, state, trusted, timeouts);
            TechnicianApi api = new TechnicianApi(config, () -> self[0].status(), () -> self[0].currentFrame());
            Agent agent = new Agent(vertx, config, panel, trusted, state, store, player, syncer, api);
            self[0] = agent;
            player.start();
            return vertx.deployVerticle(syncer)
                    .compose(id -> {
                        agent.syncerDeployment = id;
                        return vertx.deployVerticle(api).recover(t -> Future.failedFuture(new IOException(
                                "the technician API cannot listen on " + config.apiHost() + ":" + config.apiPort() + " ("
                                        + t.getMessage() + "); free the port or choose another api.port", t)));
                    })
                    .map(id -> {
                        agent.apiDeployment = id;
                        LOG.info("agent {} on channel {} started (root version {}); technician API on {}:{}", config.device(),
                                config.channel(), state.root.root().version(), config.apiHost(), api.port());
                        agent.syncNow();
                        return agent;
                    })
                    .recover(t -> agent.stop().transform(x -> Future.failedFuture(t)));
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

    /** What the player shows: the accepted playlist, unless it has expired and the policy says blank. */
    TrustedRoot.Verified onWall() {
        TrustedRoot.Verified v = state.accepted.get();
        if (v != null && config.expired() == AgentConfig.ExpiredPolicy.BLANK && !clock.instant().isBefore(v.playlist().expires())) {
            return null;
        }
        return v;
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
        if (v != null && !trusted.isBefore(v.playlist().expires())) {
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
                state.storage, state.nextSync);
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
            Future<Void> undeploy = Future.join(undeploy(syncerDeployment), undeploy(apiDeployment)).mapEmpty();
            stopping = undeploy.transform(x -> vertx.executeBlocking(() -> {
                player.stop();
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
