package id.layar.packager.cli;

import id.layar.packager.ExitCodes;
import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import id.layar.packager.Session;
import id.layar.packager.fleet.PlayStore;
import id.layar.packager.fleet.PlaysCollector;
import id.layar.packager.mqtt.BrokerAddress;
import id.layar.packager.mqtt.BrokerLogin;
import id.layar.packager.mqtt.MqttConnect;
import id.layar.packager.serve.BrokerPasswords;
import id.layar.packager.serve.EmbeddedBroker;
import id.layar.packager.serve.Origin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code serve BUNDLE}: a pilot site on one machine until Ctrl-C: the embedded origin, an embedded MQTT broker beside it
 * and a collector that stores the devices' proof of play in {@code plays.db}.
 */
@Command(name = "serve", description = {
        "Serves a bundle over HTTP (an origin for a pilot site) with an MQTT broker for device status, "
                + "notifications and proof of play, until Ctrl-C."})
public final class ServeCommand implements Callable<Integer> {
    /** The proof-of-play store in the data folder. */
    public static final String PLAYS_DB = "plays.db";

    @Parameters(paramLabel = "BUNDLE", description = "The bundle folder.")
    Path bundle;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port on the same address (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int mqttPort;

    @Option(names = "--no-mqtt", description = "No broker and no proof-of-play collector (a Mosquitto serves the devices).")
    boolean noMqtt;

    @Option(names = "--mqtt-passwords", paramLabel = "FILE",
            description = "Broker users, one user:sha256-of-password line each (see docs/fleet.md). Required unless --host is a loopback address.")
    Path passwords;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Where the broker's store and plays.db are kept (default: BUNDLE.serve beside the bundle).")
    Path data;

    private final Session session;

    public ServeCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535 || mqttPort < 0 || mqttPort > 65535) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.servePort", port < 0 || port > 65535 ? "--port" : "--mqtt-port",
                    port < 0 || port > 65535 ? port : mqttPort));
        }
        BrokerPasswords users = null;
        if (!noMqtt) {
            if (passwords != null) {
                users = BrokerPasswords.read(passwords);
            } else if (!loopback(host)) {
                throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.serveNeedsPasswords", host));
            }
        }
        Path dataDir = data != null ? data : defaultData(bundle);
        java.util.concurrent.CompletableFuture<Void> cleanedUp = session.cleanupPending();
        Vertx vertx = Vertx.vertx();
        EmbeddedBroker broker = null;
        PlayStore store = null;
        PlaysCollector collector = null;
        Origin origin = null;
        try {
            origin = get(Origin.start(vertx, bundle, host, port, line -> session.note("serve.access", line)), 30);
            session.say("serve.url", bundle, host, origin.port());
            if (!noMqtt) {
                broker = EmbeddedBroker.start(host, mqttPort, dataDir, users);
                store = PlayStore.open(dataDir.resolve(PLAYS_DB));
                BrokerLogin login = users == null ? BrokerLogin.ANONYMOUS
                        : new BrokerLogin(BrokerPasswords.INTERNAL_USER, broker.internalPassword(), null);
                collector = get(PlaysCollector.start(vertx, new BrokerAddress(broker.localHost(), broker.port(), false), login,
                        PlaysCollector.CLIENT_ID, store, session.clock(), new CollectorNotes(session, login)), 30);
                session.say(users == null ? "serve.broker.open" : "serve.broker.users", host.contains(":") ? "[" + host + "]" : host,
                        broker.port(), passwords, users == null ? 0 : users.users());
                session.say("serve.plays", store.file());
                Summary.every(vertx, session, collector, store);
            }
            session.say("serve.stop");
            session.stopSignal().join();
            return ExitCodes.OK;
        } finally {
            if (collector != null) {
                get(collector.stop(), 10);
            }
            if (store != null) {
                store.close();
            }
            if (broker != null) {
                broker.stop();
            }
            if (origin != null) {
                get(origin.stop(), 10);
            }
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } finally {
                cleanedUp.complete(null);
            }
        }
    }

    /** {@code BUNDLE.serve} beside the bundle: never the working directory, never inside the bundle. */
    static Path defaultData(Path bundle) {
        Path abs = bundle.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".serve");
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Waits for a Vert.x future from the command's thread; its failure is thrown as it is. */
    static <T> T get(Future<T> f, int seconds) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Prints what the collector reports on stderr: losing the broker, getting it back, failing to store. */
    static final class CollectorNotes implements PlaysCollector.Listener {
        private final Session session;
        private final BrokerLogin login;
        private boolean lost;

        CollectorNotes(Session session, BrokerLogin login) {
            this.session = session;
            this.login = login;
        }

        @Override
        public void disconnected(BrokerAddress address, Throwable why, long retryMillis) {
            lost = true;
            String reason = why == null ? session.messages().get("collect.closed")
                    : session.text(MqttConnect.describe(why, address, login).msg());
            session.note("collect.lost", address, reason, retryMillis / 1000);
        }

        @Override
        public void connected(BrokerAddress address) {
            if (lost) {
                session.note("collect.connected", address);
            }
        }

        @Override
        public void storeFailed(Throwable why) {
            session.note("collect.storeFailed", why.getMessage() != null ? why.getMessage() : why.toString());
        }
    }

    /** One line a minute on stderr with what the collector stored, when something arrived. */
    static final class Summary {
        private long lastStored;
        private long lastDuplicates;
        private long lastRejected;

        static void every(Vertx vertx, Session session, PlaysCollector c, PlayStore store) {
            Summary s = new Summary();
            vertx.setPeriodic(60_000, t -> {
                long stored = c.stored();
                long duplicates = c.duplicates();
                long rejected = c.rejected();
                if (stored != s.lastStored || duplicates != s.lastDuplicates || rejected != s.lastRejected) {
                    vertx.executeBlocking(store::count).onSuccess(total -> session.note("collect.summary",
                            stored - s.lastStored, duplicates - s.lastDuplicates, rejected - s.lastRejected, total, store.file()));
                    s.lastStored = stored;
                    s.lastDuplicates = duplicates;
                    s.lastRejected = rejected;
                }
            });
        }
    }
}
