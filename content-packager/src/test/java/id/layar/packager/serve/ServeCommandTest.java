package id.layar.packager.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Cli;
import id.layar.packager.ExitCodes;
import id.layar.packager.FakeDevice;
import id.layar.packager.Fixtures;
import id.layar.packager.Poll;
import id.layar.packager.fleet.PlayStore;
import id.layar.playlist.proof.PlayRecord;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} with its broker and plays collector, run in-process. */
class ServeCommandTest {
    private static final Pattern BROKER = Pattern.compile("MQTT broker at mqtt://127\\.0\\.0\\.1:(\\d+) ");

    @TempDir
    Path tmp;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        Poll.await(vertx.close());
    }

    /** A running serve and its broker port. */
    private record Running(Cli cli, CompletableFuture<Integer> exit, int mqttPort) {
        int stop() throws Exception {
            cli.session.stopSignal().complete(null);
            return exit.get(30, TimeUnit.SECONDS);
        }
    }

    private Running serve(Path bundle, Object... more) throws Exception {
        Cli cli = new Cli();
        Object[] args = new Object[4 + more.length];
        args[0] = "serve";
        args[1] = bundle;
        args[2] = "--port";
        args[3] = "0";
        System.arraycopy(more, 0, args, 4, more.length);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.run(args));
        Poll.until("serve to print its broker", () -> BROKER.matcher(cli.out()).find() || exit.isDone(), () -> cli.out() + cli.err());
        Matcher m = BROKER.matcher(cli.out());
        assertTrue(m.find(), cli.out() + cli.err());
        return new Running(cli, exit, Integer.parseInt(m.group(1)));
    }

    @Test
    void serveKeepsProofOfPlayAcrossARestartAndStoresARepeatOnce() throws Exception {
        Path bundle = tmp.resolve("bundle");
        Fixtures.write(bundle.resolve("root.json"), "{}");
        Path data = tmp.resolve("pilot-data");
        PlayRecord[] r = id.layar.packager.ProofFixtures.chain("wall-1", 3);

        Running first = serve(bundle, "--mqtt-port", "0", "--data", data);
        assertTrue(first.cli().out().contains("(anonymous clients allowed: this address is the loopback)"), first.cli().out());
        assertTrue(first.cli().out().contains("Proof of play is stored in " + data.toAbsolutePath().resolve("plays.db")), first.cli().out());
        try (FakeDevice wall = FakeDevice.connect(vertx, first.mqttPort(), "wall-1", null)) {
            wall.play(r[0].toJson());
            wall.play(r[1].toJson());
            wall.play(r[1].toJson()); // sent again: the device never saw its PUBACK
        }
        Poll.until("two records in plays.db", () -> count(data) == 2, () -> count(data) + " stored");
        assertEquals(ExitCodes.OK, first.stop());

        Running second = serve(bundle, "--mqtt-port", "0", "--data", data);
        try (FakeDevice wall = FakeDevice.connect(vertx, second.mqttPort(), "wall-1", null)) {
            wall.play(r[1].toJson());
            wall.play(r[2].toJson());
        }
        Poll.until("the third record beside the first two", () -> count(data) == 3, () -> count(data) + " stored");
        assertEquals(ExitCodes.OK, second.stop());

        Cli plays = new Cli();
        assertEquals(ExitCodes.OK, plays.run("fleet", "plays", "--db", data.resolve("plays.db"), "--from", "2026-11-24", "--to", "2026-11-24"),
                plays.err());
        assertEquals(4, plays.out().lines().count(), plays.out());
        assertTrue(plays.err().contains("every device's chain of proof-of-play records is whole"), plays.err());
    }

    @Test
    void theDefaultDataFolderIsBesideTheBundleNotTheWorkingDirectory() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        List<String> before = Fixtures.names(cwd);
        Path bundle = tmp.resolve("bundle");
        Fixtures.write(bundle.resolve("root.json"), "{}");
        Running running = serve(bundle, "--mqtt-port", "0");
        assertEquals(ExitCodes.OK, running.stop());
        assertTrue(Files.isDirectory(tmp.resolve("bundle.serve").resolve(EmbeddedBroker.STORE)));
        assertTrue(Files.isRegularFile(tmp.resolve("bundle.serve").resolve("plays.db")));
        assertEquals(List.of("root.json"), Fixtures.names(bundle), "nothing written into the bundle");
        assertEquals(before, Fixtures.names(cwd));
    }

    @Test
    void anAddressOtherThanTheLoopbackNeedsAPasswordFile() {
        Path bundle = tmp.resolve("bundle");
        Fixtures.write(bundle.resolve("root.json"), "{}");
        Cli cli = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("serve", bundle, "--host", "0.0.0.0", "--port", "0", "--mqtt-port", "0"));
        assertTrue(cli.err().startsWith("error: --host 0.0.0.0 is not a loopback address: anyone on the network could publish"),
                cli.err());
        assertFalse(Files.exists(tmp.resolve("bundle.serve")));
    }

    @Test
    void withUsersTheBrokerSaysHowManyAndTheCollectorStillStores() throws Exception {
        Path bundle = tmp.resolve("bundle");
        Fixtures.write(bundle.resolve("root.json"), "{}");
        Path passwd = tmp.resolve("broker.passwd");
        Files.writeString(passwd, FakeDevice.passwdLine("wall-1", "pw1") + FakeDevice.passwdLine("fleet", "pwf"));
        Running running = serve(bundle, "--mqtt-port", "0", "--mqtt-passwords", passwd);
        assertTrue(running.cli().out().contains("(2 users from " + passwd + ")"), running.cli().out());
        try (FakeDevice wall = FakeDevice.connect(vertx, running.mqttPort(), "wall-1", "pw1")) {
            wall.play(id.layar.packager.ProofFixtures.chain("wall-1", 1)[0].toJson());
        }
        Path db = tmp.resolve("bundle.serve");
        Poll.until("the record in plays.db", () -> count(db) == 1, () -> count(db) + " stored");
        assertEquals(ExitCodes.OK, running.stop());
    }

    @Test
    void noMqttServesOnlyTheOrigin() throws Exception {
        Path bundle = tmp.resolve("bundle");
        Fixtures.write(bundle.resolve("root.json"), "{}");
        Cli cli = new Cli();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.run("serve", bundle, "--port", "0", "--no-mqtt"));
        Poll.until("the origin", () -> cli.out().contains("Press Ctrl-C to stop."), () -> cli.out() + cli.err());
        assertFalse(cli.out().contains("MQTT"), cli.out());
        cli.session.stopSignal().complete(null);
        assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(tmp.resolve("bundle.serve")));
    }

    private static long count(Path data) throws Exception {
        Path db = data.resolve("plays.db");
        if (!Files.exists(db)) {
            return -1;
        }
        try (PlayStore s = PlayStore.open(db)) {
            return s.count();
        }
    }
}
