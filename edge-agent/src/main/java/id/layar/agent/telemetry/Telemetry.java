package id.layar.agent.telemetry;

import id.layar.playlist.proof.PlayRecord;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttClientWillOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's MQTT side (issue #6): retained state and online flag, durable proof of play, and "channel updated"
 * notifications. Topics ({@code deploy/mosquitto/README.md}):
 * <ul>
 *   <li>{@code layar/devices/<device>/state}: retained, QoS 1: the status JSON plus {@code at}, {@code online},
 *       {@code cpuTemperatureC}, {@code diskFreeBytes}; on connect, on every meaningful change (checked once a second;
 *       clocks, counters and gauges, at any depth, are ignored: {@link #VOLATILE_FIELDS}; a new item on the wall is
 *       sent at most once a minute: {@link #SLOW_FIELDS}) and, as a heartbeat that
 *       brings those up to date, at least every {@link MqttSettings#stateInterval()} (5 minutes by default);</li>
 *   <li>{@code layar/devices/<device>/online}: retained, QoS 1: {@code {"online":true,"at":...}} after connecting;
 *       the Last Will {@code {"online":false}} when the connection dies; {@code {"online":false,"at":...}} on
 *       {@link #stop()};</li>
 *   <li>{@code layar/devices/<device>/plays}: QoS 1: one {@link PlayRecord} per message;</li>
 *   <li>{@code layar/channels/<channel>/notify}: subscribed, QoS 1. Any message calls {@code onNotify} (at most one call
 *       per 250 ms; bursts are coalesced). The content carries no authority and is only logged (shortened): the
 *       agent trusts what it fetches and verifies, never a broker message.</li>
 * </ul>
 *
 * <p>Durability: {@link #recordPlay} appends to a {@link PlayOutbox} ({@code plays.db} in the state folder, fsynced);
 * a record leaves the outbox only when the broker's PUBACK for it arrives. After a reconnect or restart, everything
 * still in the outbox is sent again, so the fleet may see a record twice and de-duplicates by {@link PlayRecord#id()}.
 * Start never fails because the broker is down: the connection is retried in the background (1 s doubling to 60 s,
 * with jitter), and records wait in the outbox meanwhile. The client id is the device id and the session is kept
 * (clean session off), so notifications sent while the device was offline arrive when it returns.
 *
 * <p>Lifecycle: {@link #start} deploys a verticle; {@link #stop()} undeploys it, and so does closing Vert.x, which
 * therefore also says goodbye ({@code online=false}) rather than leaving it to the Last Will.
 *
 * <p>Threading: Telemetry runs as its own verticle (one Vert.x context on the agent's event loop); MQTT handlers, timers
 * and the drain run there and never block. SQLite and the {@link SystemFacts} reads run in {@code executeBlocking} on
 * the Vert.x worker pool: appends, reads and deletes of the outbox go through one <em>ordered</em> queue, so records are
 * stored in the order {@link #recordPlay} was called. No thread of its own. {@link #recordPlay} and {@link #status()}
 * may be called from any thread and never block; the {@code status} supplier and {@code onNotify} are called on the
 * event loop and must not block either.
 */
public final class Telemetry {
    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);

    /**
     * Status fields that change on their own (clocks, counters, gauges), by path: {@code hardware.framesPresented} is
     * {@code framesPresented} inside {@code hardware}; a path that ends at an object covers all of it. A change there
     * alone publishes nothing (on a device it would be every second: 4G data, and a rewrite of the broker's database
     * each time); they go out with the next meaningful change or heartbeat ({@link MqttSettings#stateInterval()}).
     * The names are those of {@code StatusSnapshot.toJson()}, {@code HardwareJson} and {@link TelemetryStatus#toJson()}
     * and the fields added here; a test checks that each is in a real status.
     */
    public static final Set<String> VOLATILE_FIELDS = Set.of(
            // The agent's clocks (not clock.behind, an alarm), and when the last and next poll ran: every poll, even
            // when nothing changed (the outcome and the detail are meaningful); the storage gauges.
            "uptimeSeconds", "clock.system", "clock.trusted", "nextSync", "lastSync.at", "lastRejection.at", "storage",
            // Added to the state by Telemetry.
            "at", "cpuTemperatureC", "diskFreeBytes",
            // Every frame, every watchdog check, every light reading and the smoothed level that follows it; the LED
            // flashes "syncing" during every poll (what it shows otherwise is in power, problem and lastSync).
            "hardware.framesPresented", "hardware.watchdog.lastAdvance", "hardware.brightness.lux",
            "hardware.brightness.at", "hardware.brightness.level", "hardware.led",
            // Counters of what the broker connection carried (a reconnect publishes the state anyway).
            "mqtt.since", "mqtt.outboxSize", "mqtt.playsPublished", "mqtt.notificationsReceived");
    /**
     * Status fields that change as the wall plays: the item on the wall. A change there publishes the state, but at most
     * once per {@link #SLOW_CHANGE_INTERVAL}: a loop of 10-second items would otherwise send 8,640 states a day (about
     * 13 MB of 4G data); this way the fleet's "playing now" is at most a minute old, and proof of play has every item.
     */
    public static final Set<String> SLOW_FIELDS = Set.of("playing");
    /** The least time between two states sent for a change of {@link #SLOW_FIELDS} alone. */
    public static final Duration SLOW_CHANGE_INTERVAL = Duration.ofMinutes(1);
    /** {@link #VOLATILE_FIELDS} and {@link #SLOW_FIELDS}, split at the dots. */
    private static final List<String[]> VOLATILE_PATHS = java.util.stream.Stream.concat(VOLATILE_FIELDS.stream(),
            SLOW_FIELDS.stream()).map(p -> p.split("\\.")).toList();
    /** Proof-of-play records published and not yet acknowledged, at most. */
    static final int MAX_IN_FLIGHT = 16;
    /** Records read from the outbox at a time. */
    static final int FETCH = 64;
    static final Duration RETRY_BASE = Duration.ofSeconds(1);
    static final Duration RETRY_CAP = Duration.ofSeconds(60);
    /** A connection that lived this long resets the retry delay to {@link #RETRY_BASE}. */
    static final Duration STABLE = Duration.ofSeconds(10);
    static final int KEEP_ALIVE_SECONDS = 30;
    static final int CONNECT_TIMEOUT_MS = 10_000;
    /** How long the broker may take to answer the login (CONNACK) once TCP (and TLS) is up. */
    static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(20);
    /** Incoming messages larger than this are refused by the decoder (a notification is a few bytes). */
    static final int MAX_INCOMING_BYTES = 64 * 1024;
    /** How long {@link #stop()} waits for the broker to acknowledge {@code online=false}. */
    static final Duration GOODBYE_WAIT = Duration.ofSeconds(2);
    /** A device id or channel: one MQTT topic level, no wildcards or control characters. */
    private static final Pattern TOPIC_LEVEL = Pattern.compile("[^/+#\\p{Cntrl}\\s]{1,128}");

    private final Vertx vertx;
    private final MqttSettings settings;
    private final String device;
    private final String channel;
    private final String username;
    private final Path stateDir;
    private final Supplier<JsonObject> status;
    private final SystemFacts facts;
    private final Clock clock;
    /** Monotonic nanoseconds for the state heartbeat ({@link System#nanoTime()}; a test's own in tests). */
    private final LongSupplier ticker;
    private final String stateTopic;
    private final String onlineTopic;
    private final String playsTopic;
    private final String notifyTopic;
    private final Loop loop = new Loop();

    // ---- read on any thread ----
    /** How long to wait for the broker to confirm the notify subscription before reconnecting. */
    static final Duration SUBACK_TIMEOUT = Duration.ofSeconds(10);
    /** Whether the broker confirmed the notify subscription on the current connection. */
    private volatile boolean subscribed;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile String lastError;
    /** Set when a damaged outbox was set aside at start ({@link TelemetryStatus#outboxReset()}). */
    private volatile String outboxReset;
    private volatile Instant since;
    private volatile long outboxSize;
    private final AtomicLong playsPublished = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private volatile PlayOutbox outbox;
    private volatile String deploymentId;
    private Future<Void> stopping;

    // ---- event loop only ----
    /** The client of the current attempt or connection; null between attempts. */
    private MqttClient client;
    /** Whether {@link #client} got its CONNACK. */
    private boolean up;
    private long upSinceNanos;
    private int failures;
    private long retryTimer = -1;
    private long tickTimer = -1;
    /** The current attempt was given up for want of a CONNACK. */
    private boolean loginTimedOut;
    private String lastLogged;
    private long lastLoggedNanos;
    /** Bumped on every connect and disconnect: outbox reads started before are stale. */
    private int generation;
    /** Records read from the outbox, waiting for a free in-flight slot. */
    private final ArrayDeque<PlayRecord> queue = new ArrayDeque<>();
    /** Highest seq read from the outbox on this connection. */
    private long cursor;
    private boolean fetching;
    /** Whether the outbox may hold records above {@link #cursor}. */
    private boolean more = true;
    /** Records published and not yet acknowledged (including those whose packet id is not known yet). */
    private int outstanding;
    private final Map<Integer, Long> inFlight = new HashMap<>();
    private final Map<Integer, Promise<Void>> otherAcks = new HashMap<>();
    /** PUBACKs that arrived before the publish call told us the packet id. */
    private final Set<Integer> earlyAcks = new HashSet<>();
    /** Acknowledged seqs not yet deleted from the outbox (skipped if read again). */
    private final Set<Long> acked = new HashSet<>();
    private final List<Long> toDelete = new ArrayList<>();
    private boolean deleting;
    /** A publish on the current connection failed: nothing more is sent on it (it is being closed). */
    private boolean broken;
    private boolean draining;
    private boolean drainAgain;
    private String lastStateKey;
    private String lastSlowKey;
    private long lastStateNanos;
    private boolean statePending;
    private boolean statusFailing;
    private final NotifyGate notifyGate;

    private Telemetry(Vertx vertx, MqttSettings settings, String device, String channel, Path stateDir,
                      Supplier<JsonObject> status, SystemFacts facts, Runnable onNotify, Clock clock, LongSupplier ticker) {
        this.vertx = vertx;
        this.settings = settings;
        this.device = device;
        this.channel = channel;
        this.username = settings.usernameFor(device);
        this.stateDir = stateDir;
        this.status = status;
        this.facts = facts;
        this.clock = clock;
        this.ticker = ticker;
        this.stateTopic = "layar/devices/" + device + "/state";
        this.onlineTopic = "layar/devices/" + device + "/online";
        this.playsTopic = "layar/devices/" + device + "/plays";
        this.notifyTopic = "layar/channels/" + channel + "/notify";
        this.since = clock.instant();
        this.notifyGate = new NotifyGate(vertx, channel, settings.broker(), onNotify);
    }

    /**
     * Opens the outbox ({@code <stateDir>/plays.db}) and starts connecting in the background. Fails only when an
     * argument is wrong or the outbox cannot be opened (damaged, another device's, disk trouble); a broker that is down
     * or refuses the login is retried and shows in {@link #status()}.
     *
     * @param status   what GET /status returns; called on the event loop once a second, must be cheap and not block
     * @param onNotify called on the event loop when the channel's notify topic has a message; must not block
     * @param clock    the agent's trusted clock, for the {@code at} fields
     */
    public static Future<Telemetry> start(Vertx vertx, MqttSettings settings, String device, String channel, Path stateDir,
                                          Supplier<JsonObject> status, SystemFacts facts, Runnable onNotify, Clock clock) {
        return start(vertx, settings, device, channel, stateDir, status, facts, onNotify, clock, System::nanoTime);
    }

    /** As the public {@code start}, with the heartbeat measured by {@code ticker} (nanoseconds) instead of the JVM's. */
    static Future<Telemetry> start(Vertx vertx, MqttSettings settings, String device, String channel, Path stateDir,
                                   Supplier<JsonObject> status, SystemFacts facts, Runnable onNotify, Clock clock,
                                   LongSupplier ticker) {
        Telemetry t;
        try {
            Objects.requireNonNull(vertx, "vertx");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(stateDir, "stateDir");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(onNotify, "onNotify");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(ticker, "ticker");
            requireTopicLevel("device", device);
            requireTopicLevel("channel", channel);
            requireTopicLevel("mqtt.username", settings.usernameFor(device));
            t = new Telemetry(vertx, settings, device, channel, stateDir, status, facts, onNotify, clock, ticker);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return vertx.deployVerticle(t.loop).map(id -> {
            t.deploymentId = id;
            return t;
        });
    }

    /**
     * Records that an item left the wall. Never blocks: the record is appended to the outbox on the ordered worker
     * queue (in call order) and then published. Safe from any thread (the player's). After {@link #stop()} it is
     * dropped with a log line. An {@code end} before {@code start} (the clock was set back) is stored as
     * {@code end = start}.
     */
    public void recordPlay(String item, long version, Instant start, Instant end, PlayRecord.Outcome outcome) {
        if (item == null || item.isEmpty() || start == null || end == null || outcome == null || version < 0) {
            throw new IllegalArgumentException("recordPlay needs an item id, a version >= 0, start, end and outcome; found "
                    + item + ", " + version + ", " + start + ", " + end + ", " + outcome);
        }
        if (closed) {
            LOG.warn("Proof of play for {} after telemetry stopped: not recorded", item);
            return;
        }
        Instant to = end.isBefore(start) ? start : end;
        if (to != end) {
            LOG.warn("Proof of play for {} ends ({}) before it starts ({}): the clock went back; stored with end = start",
                    item, end, start);
        }
        PlayOutbox box = outbox;
        Future<PlayRecord> appended;
        try {
            appended = loop.context().executeBlocking(() -> {
                PlayRecord r = box.append(item, version, start, to, outcome);
                outboxSize = box.size();
                return r;
            }, true);
        } catch (RuntimeException e) {
            // Vert.x is shutting down under the caller: nothing can be stored any more.
            LOG.warn("Proof of play for {} while the agent is shutting down: not recorded ({})", item, e.toString());
            return;
        }
        appended.onComplete(ar -> {
            if (ar.failed()) {
                lastError = ar.cause().getMessage();
                LOG.error("{}: this play is not recorded", ar.cause().getMessage());
                return;
            }
            more = true;
            drain();
        });
    }

    /** The MQTT side now; cheap, never blocks, any thread. */
    public TelemetryStatus status() {
        return new TelemetryStatus(connected, settings.broker(), lastError, since, outboxSize, playsPublished.get(),
                notifications.get(), outboxReset);
    }

    /**
     * Publishes {@code online=false} (waiting up to 2 s for the broker's acknowledgement), disconnects cleanly so the
     * Last Will is not sent, and closes the outbox after the appends already queued. Unsent records stay in the outbox
     * for the next start. Idempotent.
     */
    public synchronized Future<Void> stop() {
        if (stopping == null) {
            closed = true;
            stopping = deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
        }
        return stopping;
    }

    // ---- the verticle: everything below runs on its event-loop context ----

    private final class Loop extends VerticleBase {
        io.vertx.core.Context context() {
            return context;
        }

        @Override
        public Future<?> start() {
            Path file = stateDir.resolve(PlayOutbox.FILE_NAME);
            return context.executeBlocking(() -> {
                PlayOutbox.Opened opened = PlayOutbox.openOrSetAside(file, device, clock.instant());
                if (opened.setAside() != null) {
                    outboxReset = "the proof-of-play outbox was damaged (" + opened.reason() + "); it was moved to "
                            + opened.setAside() + " and a new chain began: records in it that had not reached the broker"
                            + " are not sent";
                }
                PlayOutbox box = opened.box();
                outboxSize = box.size();
                return box;
            }, true).map(box -> {
                outbox = box;
                LOG.info("Telemetry for {} on channel {}: broker {} as user {}; {} proof-of-play records waiting in {}",
                        device, channel, settings.broker(), username, outboxSize, file);
                tickTimer = vertx.setPeriodic(1000, 1000, id -> tick());
                connect();
                return box;
            });
        }

        @Override
        public Future<?> stop() {
            closed = true;
            cancelTimers();
            Future<Void> goodbye = Future.succeededFuture();
            if (client != null && up) {
                goodbye = publishOther(onlineTopic, new JsonObject().put("online", false).put("at", clock.instant().toString()))
                        .timeout(GOODBYE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .recover(e -> {
                            LOG.warn("The broker {} did not acknowledge online=false before stopping: {}", settings.broker(),
                                    e.getMessage());
                            return Future.succeededFuture();
                        });
            }
            return goodbye.compose(v -> {
                MqttClient c = client;
                client = null;
                setConnected(false);
                return c == null ? Future.<Void>succeededFuture() : c.disconnect().recover(e -> Future.succeededFuture());
            }).compose(v -> context.executeBlocking(() -> {
                PlayOutbox box = outbox;
                if (box != null) {
                    box.close();
                }
                return null;
            }, true)).onComplete(ar -> LOG.info("Telemetry stopped; {} proof-of-play records wait in the outbox", outboxSize));
        }
    }

    private void cancelTimers() {
        for (long id : new long[] {retryTimer, tickTimer}) {
            if (id != -1) {
                vertx.cancelTimer(id);
            }
        }
        retryTimer = tickTimer = -1;
        notifyGate.close();
    }

    // ---- connection ----

    private void connect() {
        retryTimer = -1;
        if (closed || client != null) {
            return;
        }
        MqttClientOptions o = new MqttClientOptions()
                .setClientId(device)
                .setUsername(username)
                .setCleanSession(false)
                .setKeepAliveInterval(KEEP_ALIVE_SECONDS)
                .setMaxInflightQueue(MAX_IN_FLIGHT + 8)
                .setMaxMessageSize(MAX_INCOMING_BYTES)
                .setWillOptions(new MqttClientWillOptions().setTopic(onlineTopic)
                        .setMessageBytes(Buffer.buffer(new JsonObject().put("online", false).encode()))
                        .setQos(1).setRetain(true));
        if (settings.password() != null) {
            o.setPassword(settings.password());
        }
        o.setConnectTimeout(CONNECT_TIMEOUT_MS);
        if (settings.tls()) {
            // No trust options: the JVM's trust store (cacerts). The host name must match the certificate.
            o.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
        }
        MqttClient c = MqttClient.create(vertx, o);
        client = c;
        up = false;
        loginTimedOut = false;
        vertx.setTimer(LOGIN_TIMEOUT.toMillis(), id -> {
            if (c == client && !up) {
                loginTimedOut = true;
                c.disconnect(); // Fails the connect future: onConnectFailed retries.
            }
        });
        c.publishCompletionHandler(id -> onPuback(c, id));
        c.subscribeCompletionHandler(ack -> {
            if (c != client) {
                return;
            }
            subscribed = true;
            if (ack.grantedQoSLevels().contains(0x80)) {
                LOG.warn("The broker {} refused the subscription to {}: its ACL must let {} read layar/channels/+/notify;"
                        + " until then new playlists arrive at the next poll", settings.broker(), notifyTopic, username);
            }
        });
        c.publishHandler(m -> onMessage(c, m));
        c.closeHandler(v -> onClosed(c));
        c.exceptionHandler(e -> LOG.debug("MQTT connection to {}: {}", settings.broker(), e.toString()));
        c.connect(settings.port(), settings.host(), settings.tls() ? settings.host() : null).onComplete(ar -> {
            if (ar.succeeded()) {
                onConnected(c);
            } else {
                onConnectFailed(c, ar.cause());
            }
        });
    }

    private void onConnected(MqttClient c) {
        if (c != client) {
            return;
        }
        if (closed) {
            c.disconnect();
            return;
        }
        up = true;
        upSinceNanos = System.nanoTime();
        lastError = null;
        lastLogged = null;
        setConnected(true);
        LOG.info("Connected to the MQTT broker {} as {}; {} proof-of-play records to send", settings.broker(), username,
                outboxSize);
        resetDrain();
        publishOther(onlineTopic, new JsonObject().put("online", true).put("at", clock.instant().toString()))
                .onFailure(e -> LOG.debug("online=true not acknowledged: {}", e.toString()));
        subscribed = false;
        c.subscribe(notifyTopic, 1)
                .onSuccess(pid -> vertx.setTimer(SUBACK_TIMEOUT.toMillis(), t -> {
                    // Some brokers (Moquette 0.17) drop a SUBSCRIBE that comes right after the CONNACK: start over.
                    if (c == client && up && !subscribed && !closed) {
                        LOG.warn("No SUBACK for {} from {} within {} s; reconnecting", notifyTopic, settings.broker(),
                                SUBACK_TIMEOUT.toSeconds());
                        c.disconnect();
                    }
                }))
                .onFailure(e -> LOG.warn("Cannot subscribe to {} on {}: {}", notifyTopic, settings.broker(), e.getMessage()));
        lastStateKey = null;
        tick();
        drain();
    }

    private void onConnectFailed(MqttClient c, Throwable cause) {
        if (c != client) {
            return;
        }
        client = null;
        up = false;
        String why = loginTimedOut ? BrokerErrors.loginTimedOut(settings, LOGIN_TIMEOUT)
                : BrokerErrors.describe(cause, settings, username, device);
        lastError = why;
        scheduleReconnect(why);
    }

    private void onClosed(MqttClient c) {
        if (c != client || !up) {
            return; // A failed attempt is handled by onConnectFailed; an old client is gone already.
        }
        client = null;
        up = false;
        setConnected(false);
        resetDrain();
        failOtherAcks();
        if (closed) {
            return;
        }
        if (System.nanoTime() - upSinceNanos >= STABLE.toNanos()) {
            failures = 0;
        }
        String why = BrokerErrors.lost(settings, device);
        lastError = why;
        scheduleReconnect(why);
    }

    private void scheduleReconnect(String why) {
        if (closed) {
            return;
        }
        long delay = retryDelayMillis(failures);
        if (failures < 30) {
            failures++;
        }
        long now = System.nanoTime();
        String message = why + "; retrying in " + (delay >= 1000 ? (delay / 1000) + " s" : delay + " ms");
        if (!why.equals(lastLogged) || now - lastLoggedNanos > TimeUnit.MINUTES.toNanos(10)) {
            LOG.warn(message);
            lastLogged = why;
            lastLoggedNanos = now;
        } else {
            LOG.debug(message);
        }
        retryTimer = vertx.setTimer(delay, id -> connect());
    }

    /** The n-th retry (from 0) waits between half and all of min(60 s, 1 s * 2^n): spread out, never hammering. */
    static long retryDelayMillis(int n) {
        long cap = RETRY_CAP.toMillis();
        long ceiling = n >= 16 ? cap : Math.min(cap, RETRY_BASE.toMillis() << n);
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    private void setConnected(boolean now) {
        if (connected != now) {
            connected = now;
            since = clock.instant();
        }
    }

    // ---- proof of play ----

    private void resetDrain() {
        generation++;
        broken = false;
        queue.clear();
        inFlight.clear();
        earlyAcks.clear();
        outstanding = 0;
        cursor = 0;
        more = true;
    }

    /**
     * Publishes what the outbox holds, at most {@link #MAX_IN_FLIGHT} unacknowledged. Re-entrant calls (a publish or
     * PUBACK completing inside it) only ask for another pass.
     */
    private void drain() {
        if (draining) {
            drainAgain = true;
            return;
        }
        draining = true;
        try {
            do {
                drainAgain = false;
                drainOnce();
            } while (drainAgain);
        } finally {
            draining = false;
        }
    }

    private void drainOnce() {
        if (closed || !up || broken) {
            return;
        }
        MqttClient c = client;
        while (outstanding < MAX_IN_FLIGHT && !queue.isEmpty()) {
            PlayRecord r = queue.poll();
            if (!acked.contains(r.seq())) {
                send(c, r);
            }
        }
        if (!fetching && more && queue.size() < MAX_IN_FLIGHT && outbox != null) {
            fetch();
        }
    }

    private void fetch() {
        fetching = true;
        more = false;
        long after = cursor;
        int gen = generation;
        PlayOutbox box = outbox;
        loop.context().executeBlocking(() -> box.pending(after, FETCH), true).onComplete(ar -> {
            fetching = false;
            if (gen != generation) {
                more = true;
                drain();
                return;
            }
            if (ar.failed()) {
                lastError = ar.cause().getMessage();
                LOG.error("{}; trying again in 5 s", ar.cause().getMessage());
                more = true;
                vertx.setTimer(5000, id -> drain());
                return;
            }
            List<PlayRecord> records = ar.result();
            for (PlayRecord r : records) {
                cursor = Math.max(cursor, r.seq());
                if (!acked.contains(r.seq())) {
                    queue.add(r);
                }
            }
            if (records.size() == FETCH) {
                more = true;
            }
            drain();
        });
    }

    private void send(MqttClient c, PlayRecord r) {
        outstanding++;
        c.publish(playsTopic, Buffer.buffer(r.toJson()), MqttQoS.AT_LEAST_ONCE, false, false).onComplete(ar -> {
            if (c != client) {
                return;
            }
            if (ar.failed()) {
                // The connection broke under the write. Close it: the reconnect reads the outbox from the start, so
                // this record and every other unacknowledged one is sent again.
                if (!broken) {
                    broken = true;
                    LOG.warn("Publishing proof of play to {} failed ({}); reconnecting to send the outbox again",
                            settings.broker(), ar.cause().getMessage());
                    c.disconnect();
                }
                return;
            }
            int packetId = ar.result();
            if (earlyAcks.remove(packetId)) {
                onPlayAcked(r.seq());
            } else {
                inFlight.put(packetId, r.seq());
            }
        });
    }

    private void onPuback(MqttClient c, int packetId) {
        if (c != client) {
            return;
        }
        Long seq = inFlight.remove(packetId);
        if (seq != null) {
            onPlayAcked(seq);
            return;
        }
        Promise<Void> p = otherAcks.remove(packetId);
        if (p != null) {
            p.tryComplete();
        } else {
            earlyAcks.add(packetId);
        }
    }

    private void onPlayAcked(long seq) {
        outstanding--;
        playsPublished.incrementAndGet();
        if (acked.add(seq)) {
            toDelete.add(seq);
        }
        deleteAcked();
        drain();
    }

    /** Deletes acknowledged records, in batches, on the ordered worker queue. */
    private void deleteAcked() {
        if (deleting || toDelete.isEmpty()) {
            return;
        }
        deleting = true;
        long[] batch = toDelete.stream().mapToLong(Long::longValue).toArray();
        toDelete.clear();
        PlayOutbox box = outbox;
        loop.context().executeBlocking(() -> {
            box.acknowledged(batch);
            outboxSize = box.size();
            return null;
        }, true).onComplete(ar -> {
            deleting = false;
            if (ar.failed()) {
                // Left in the outbox: sent again after the next reconnect, a duplicate the fleet drops.
                lastError = ar.cause().getMessage();
                LOG.error("{}", ar.cause().getMessage());
            }
            for (long seq : batch) {
                acked.remove(seq);
            }
            deleteAcked();
        });
    }

    // ---- state ----

    /** Once a second: publish the state if it changed (apart from {@link #VOLATILE_FIELDS}) or the heartbeat is due. */
    private void tick() {
        if (closed || !up || statePending) {
            return;
        }
        JsonObject s;
        try {
            s = status.get();
            statusFailing = false;
        } catch (RuntimeException e) {
            if (!statusFailing) {
                LOG.error("The status for MQTT could not be read: {}", e.toString(), e);
                statusFailing = true;
            }
            return;
        }
        if (s == null) {
            return;
        }
        String key = stableKey(s);
        String slow = slowKey(s);
        long now = ticker.getAsLong();
        if (!due(key.equals(lastStateKey), slow.equals(lastSlowKey), now - lastStateNanos, settings.stateInterval())) {
            return;
        }
        statePending = true;
        MqttClient c = client;
        JsonObject state = s.copy();
        loop.context().executeBlocking(() -> {
            state.put("cpuTemperatureC", facts.cpuTemperatureC());
            state.put("diskFreeBytes", facts.diskFreeBytes(stateDir));
            return state;
        }, false).compose(st -> {
            if (c != client || !up) {
                return Future.failedFuture("disconnected");
            }
            st.put("at", clock.instant().toString()).put("online", true);
            lastStateKey = key;
            lastSlowKey = slow;
            lastStateNanos = now;
            return publishOther(stateTopic, st);
        }).onComplete(ar -> statePending = false);
    }

    /**
     * Whether the state goes out now: on a meaningful change, on a change of {@link #SLOW_FIELDS} once
     * {@link #SLOW_CHANGE_INTERVAL} has passed since the last state, and at the heartbeat.
     *
     * @param sameKey  whether {@link #stableKey} is what was last sent
     * @param sameSlow whether {@link #slowKey} is what was last sent
     * @param sinceNanos time since the last state was sent
     */
    static boolean due(boolean sameKey, boolean sameSlow, long sinceNanos, Duration heartbeat) {
        return !sameKey || (!sameSlow && sinceNanos >= SLOW_CHANGE_INTERVAL.toNanos()) || sinceNanos >= heartbeat.toNanos();
    }

    /** Only the {@link #SLOW_FIELDS} of the status, as text to compare. */
    static String slowKey(JsonObject s) {
        JsonObject only = new JsonObject();
        for (String f : SLOW_FIELDS) {
            only.put(f, s.getValue(f));
        }
        return only.encode();
    }

    /**
     * The status without the fields that change by themselves ({@link #VOLATILE_FIELDS}) or as the wall plays
     * ({@link #SLOW_FIELDS}), as text to compare.
     */
    static String stableKey(JsonObject s) {
        JsonObject copy = s.copy();
        for (String[] path : VOLATILE_PATHS) {
            remove(copy, path, 0);
        }
        return copy.encode();
    }

    private static void remove(JsonObject o, String[] path, int from) {
        if (from == path.length - 1) {
            o.remove(path[from]);
        } else if (o.getValue(path[from]) instanceof JsonObject child) {
            remove(child, path, from + 1);
        }
    }

    /** A retained QoS 1 publish; the future completes on the broker's PUBACK (fails if the connection drops first). */
    private Future<Void> publishOther(String topic, JsonObject payload) {
        MqttClient c = client;
        if (c == null || !up) {
            return Future.failedFuture("not connected");
        }
        return c.publish(topic, payload.toBuffer(), MqttQoS.AT_LEAST_ONCE, false, true).compose(packetId -> {
            if (c != client) {
                return Future.failedFuture("disconnected");
            }
            if (earlyAcks.remove(packetId)) {
                return Future.succeededFuture();
            }
            Promise<Void> p = Promise.promise();
            otherAcks.put(packetId, p);
            return p.future();
        });
    }

    private void failOtherAcks() {
        List<Promise<Void>> waiting = new ArrayList<>(otherAcks.values());
        otherAcks.clear();
        waiting.forEach(p -> p.tryFail("the connection to " + settings.broker() + " closed"));
    }

    // ---- notifications ----

    private void onMessage(MqttClient c, MqttPublishMessage m) {
        if (c != client) {
            return;
        }
        if (!notifyTopic.equals(m.topicName())) {
            LOG.debug("Ignoring a message on {}", NotifyGate.preview(m.topicName().getBytes(StandardCharsets.UTF_8)));
            return;
        }
        notifications.incrementAndGet();
        notifyGate.received(m.payload().getBytes());
    }

    private static void requireTopicLevel(String what, String value) {
        if (value == null || !TOPIC_LEVEL.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-128 characters without '/', '+', '#', spaces or control"
                    + " characters (it is one level of an MQTT topic); found '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return "Telemetry[" + device + " on " + channel + " via " + settings.broker() + "]";
    }
}
