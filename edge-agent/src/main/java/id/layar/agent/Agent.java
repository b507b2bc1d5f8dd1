package id.layar.agent;

import id.layar.playlist.Rejection;
import id.layar.playlist.TrustedRoot;
import id.layar.render.Frame;
import id.layar.render.ItemRenderer;
import id.layar.render.PanelPort;
import id.layar.render.VirtualPanel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent beside one videotron: sync, player and technician API over a state folder.
 *
 * <p>Threads: the Vert.x event loop runs sync and the API; workers verify signatures, hash and write files;
 * the player has its own thread, so rendering never waits for the network and the network never waits for
 * rendering.
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final Vertx vertx;
    private final AgentConfig config;
    private final PanelPort panel;
    private final Clock clock;
    private final AgentState state;
    private final Player player;
    private final Syncer syncer;
    private final TechnicianApi api;
    private final long startedNanos = System.nanoTime();
    private Future<Void> stopping;
    private volatile String syncerDeployment;
    private volatile String apiDeployment;

    private Agent(Vertx vertx, AgentConfig config, PanelPort panel, Clock clock, AgentState state, Player player,
                  Syncer syncer, TechnicianApi api) {
        this.vertx = vertx;
        this.config = config;
        this.panel = panel;
        this.clock = clock;
        this.state = state;
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
            AgentState state = new AgentState();
            state.accepted.set(booted.boot().playable());
            state.floorVersion = booted.boot().floorVersion();
            state.problem = booted.boot().problem();
            if (booted.boot().problem() != null) {
                LOG.warn("{}", booted.boot().problem());
            }
            if (booted.boot().playable() != null) {
                LOG.info("playing the stored playlist version {}", booted.boot().floorVersion());
            }
            StateStore store = booted.store();
            Supplier<Player.Painter> painters = () -> new ItemRenderer(store::openBlob, panel.width(), panel.height())::render;
            Player player = new Player(panel, clock, config.fps(), state.accepted::get, painters);
            Syncer syncer = new Syncer(config, booted.root(), store, state, clock, timeouts);
            Agent[] self = new Agent[1];
            TechnicianApi api = new TechnicianApi(config, () -> self[0].status(), () -> self[0].currentFrame());
            Agent agent = new Agent(vertx, config, panel, clock, state, player, syncer, api);
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
                        LOG.info("agent {} on channel {} started; technician API on {}:{}", config.device(), config.channel(),
                                config.apiHost(), api.port());
                        agent.syncNow();
                        return agent;
                    })
                    .recover(t -> agent.stop().transform(x -> Future.failedFuture(t)));
        });
    }

    private record Booted(TrustedRoot root, StateStore store, StateStore.Boot boot) {
    }

    private static Booted boot(AgentConfig config, Clock clock) throws IOException {
        byte[] rootBytes;
        try {
            rootBytes = Files.readAllBytes(config.root());
        } catch (NoSuchFileException e) {
            throw new IOException("the trusted root " + config.root() + " does not exist; install root.json from the"
                    + " provisioning kit there", e);
        }
        TrustedRoot root;
        try {
            root = TrustedRoot.load(rootBytes);
        } catch (Rejection r) {
            throw new IOException("the trusted root " + config.root() + " is not valid (" + r.describe()
                    + "); reinstall root.json from the provisioning kit", r);
        }
        StateStore store = StateStore.open(config.state());
        return new Booted(root, store, store.load(root, config.channel(), clock.instant()));
    }

    /** One sync cycle now (the poll timer runs them too); while one runs, its future is returned. */
    public Future<SyncOutcome> syncNow() {
        return syncer.syncNow();
    }

    /** What GET /status returns. */
    public StatusSnapshot status() {
        TrustedRoot.Verified v = state.accepted.get();
        String problem = state.problem;
        if (problem == null && v != null && !clock.instant().isBefore(v.playlist().expires())) {
            // Never stale silently: say so until the origin offers a newer one.
            problem = "the playlist version " + v.playlist().version() + " expired at " + v.playlist().expires()
                    + "; it keeps playing until the origin offers a newer one";
        }
        return new StatusSnapshot(config.device(), config.channel(),
                v == null ? 0 : v.playlist().version(), v == null ? null : v.playlist().expires(),
                v == null ? null : player.playing(), state.lastSync, state.lastRejection, problem,
                player.renderError(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos), agentVersion());
    }

    /** The bound technician API port (the config may say 0). */
    public int apiPort() {
        return api.port();
    }

    /** Stops timers, the player thread and the HTTP server; the state folder stays as it is. */
    public synchronized Future<Void> stop() {
        if (stopping == null) {
            Future<Void> undeploy = Future.join(undeploy(syncerDeployment), undeploy(apiDeployment)).mapEmpty();
            stopping = undeploy.transform(x -> vertx.executeBlocking(() -> {
                player.stop();
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
}
