package id.layar.packager.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Cli;
import id.layar.packager.ExitCodes;
import id.layar.packager.FakeDevice;
import id.layar.packager.Poll;
import id.layar.packager.ProofFixtures;
import id.layar.packager.serve.EmbeddedBroker;
import id.layar.playlist.proof.PlayRecord;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet collect}: the collector on its own, against a broker it does not run. */
class FleetCollectCommandTest {
    @TempDir
    Path tmp;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        Poll.await(vertx.close());
    }

    /** Runs {@code fleet collect} until {@link Cli#session}'s stop signal. */
    static CompletableFuture<Integer> collect(Cli cli, Object... args) throws Exception {
        Object[] all = new Object[args.length + 2];
        all[0] = "fleet";
        all[1] = "collect";
        System.arraycopy(args, 0, all, 2, args.length);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.run(all));
        Poll.until("the collector to start", () -> cli.out().contains("Press Ctrl-C") || exit.isDone(), () -> cli.out() + cli.err());
        return exit;
    }

    static long count(Path db) throws Exception {
        try (PlayStore s = PlayStore.open(db)) {
            return s.count();
        }
    }

    @Test
    void collectsUntilStoppedAndRecordsSentMeanwhileArriveOnTheNextStart() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, tmp.resolve("data"), null);
        try {
            Path db = tmp.resolve("plays.db");
            String url = "mqtt://127.0.0.1:" + broker.port();
            PlayRecord[] r = ProofFixtures.chain("wall-1", 3);
            Cli first = new Cli();
            CompletableFuture<Integer> exit = collect(first, "--broker", url, "--db", db);
            assertTrue(first.out().startsWith("Collecting proof of play from " + url + " as (anonymous) into " + db.toAbsolutePath()),
                    first.out());
            try (FakeDevice wall = FakeDevice.connect(vertx, broker.port(), "wall-1", null)) {
                wall.play(r[0].toJson());
                wall.play(r[1].toJson());
                Poll.until("two records", () -> count(db) == 2, () -> count(db) + " stored");
                first.session.stopSignal().complete(null);
                assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS));
                assertTrue(first.out().contains("Stopped: 2 new, 0 repeated, 0 unreadable since start; 2 stored in "), first.out());
                wall.play(r[2].toJson()); // while no collector runs
            }
            Cli second = new Cli();
            CompletableFuture<Integer> again = collect(second, "--broker", url, "--db", db);
            Poll.until("the record sent while stopped", () -> count(db) == 3, () -> count(db) + " stored");
            second.session.stopSignal().complete(null);
            assertEquals(ExitCodes.OK, again.get(30, TimeUnit.SECONDS));
        } finally {
            broker.stop();
        }
    }

    @Test
    void aWrongPasswordIsRefusedAtOnceNamingTheUser() throws Exception {
        Path passwd = tmp.resolve("broker.passwd");
        Files.writeString(passwd, FakeDevice.passwdLine("fleet", "right"));
        EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, tmp.resolve("data"), id.layar.packager.serve.BrokerPasswords.read(passwd));
        try {
            Path pw = tmp.resolve("fleet.pw");
            Files.writeString(pw, "wrong\n");
            Cli cli = new Cli();
            assertEquals(ExitCodes.REFUSED, cli.run("fleet", "collect", "--broker", "mqtt://127.0.0.1:" + broker.port(),
                    "--password-file", pw, "--db", tmp.resolve("plays.db")));
            assertEquals("error: the MQTT broker at mqtt://127.0.0.1:" + broker.port() + " refused user fleet: wrong user name or password. "
                    + "Check --username and the password in " + pw, cli.err().strip());
        } finally {
            broker.stop();
        }
    }
}
