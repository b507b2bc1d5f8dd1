package id.layar.packager.cli;

import id.layar.packager.ExitCodes;
import id.layar.packager.Session;
import id.layar.packager.fleet.PlayStore;
import id.layar.packager.fleet.PlaysCollector;
import id.layar.packager.mqtt.BrokerAddress;
import id.layar.packager.mqtt.BrokerLogin;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fleet collect --db plays.db}: stores proof of play from a (production) broker until Ctrl-C, like the collector
 * inside {@code serve}. Its session on the broker is persistent: records published while it is stopped wait there
 * (Mosquitto keeps up to {@code max_queued_messages} per client).
 */
@Command(name = "collect", description = "Stores the devices' proof of play from the broker in a SQLite file until Ctrl-C.")
public final class FleetCollectCommand implements Callable<Integer> {
    @Mixin
    BrokerOptions broker;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "The proof-of-play store to fill (created if missing).")
    Path db;

    @Option(names = "--client-id", paramLabel = "ID", defaultValue = PlaysCollector.CLIENT_ID,
            description = "The broker keeps this collector's queue under this id (default: ${DEFAULT-VALUE}); give a second collector another one.")
    String clientId;

    private final Session session;

    public FleetCollectCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws Exception {
        BrokerAddress address = broker.address(BrokerAddress.LOOPBACK);
        BrokerLogin login = broker.login("fleet");
        java.util.concurrent.CompletableFuture<Void> cleanedUp = session.cleanupPending();
        Vertx vertx = Vertx.vertx();
        try (PlayStore store = PlayStore.open(db)) {
            PlaysCollector collector = ServeCommand.get(PlaysCollector.start(vertx, address, login, clientId, store, session.clock(),
                    new ServeCommand.CollectorNotes(session, login)), 60);
            try {
                session.say("collect.started", address, login, store.file());
                session.say("serve.stop");
                ServeCommand.Summary.every(vertx, session, collector, store);
                session.stopSignal().join();
            } finally {
                ServeCommand.get(collector.stop(), 10);
            }
            session.say("collect.stopped", collector.stored(), collector.duplicates(), collector.rejected(), store.count(), store.file());
            return ExitCodes.OK;
        } finally {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } finally {
                cleanedUp.complete(null);
            }
        }
    }
}
