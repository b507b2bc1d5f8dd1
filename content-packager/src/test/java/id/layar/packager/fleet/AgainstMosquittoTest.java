package id.layar.packager.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Cli;
import id.layar.packager.ExitCodes;
import id.layar.packager.FakeDevice;
import id.layar.packager.Poll;
import id.layar.packager.ProofFixtures;
import id.layar.playlist.proof.PlayRecord;
import id.layar.playlist.testing.RequiredServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staff commands against a real Mosquitto with the production ACL ({@code deploy/mosquitto/layar.acl}) and
 * passwords made by {@code mosquitto_passwd}: {@code fleet collect} as user {@code fleet} keeps its queue across a
 * restart, {@code fleet} reads the retained state and wills, {@code publish}'s user may announce. Skipped when
 * Mosquitto is not installed; failed instead with {@code LAYAR_REQUIRE_SERVERS=1} ({@link RequiredServers}).
 */
class AgainstMosquittoTest {
    private static final Path ACL = Path.of("../deploy/mosquitto/layar.acl");

    @TempDir
    static Path tmp;
    static Process mosquitto;
    static int port;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        Path bin = Path.of("/usr/sbin/mosquitto");
        Path passwdBin = Path.of("/usr/bin/mosquitto_passwd");
        RequiredServers.assumeInstalled(Files.isExecutable(bin) && Files.isExecutable(passwdBin), "mosquitto", "mosquitto",
                "the staff commands against a real Mosquitto");
        assertTrue(Files.isRegularFile(ACL), "deploy/mosquitto/layar.acl not found from " + Path.of("").toAbsolutePath());
        Path passwd = tmp.resolve("layar.passwd");
        Files.createFile(passwd);
        for (String user : List.of("wall-1", "wall-2", "fleet", "publisher")) {
            Process p = new ProcessBuilder(passwdBin.toString(), "-b", passwd.toString(), user, "pw-" + user)
                    .redirectErrorStream(true).start();
            assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
            Files.writeString(tmp.resolve(user + ".pw"), "pw-" + user + "\n");
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = tmp.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous false",
                "password_file " + passwd,
                "acl_file " + ACL.toAbsolutePath().normalize(),
                "persistence false",
                "max_queued_messages 1000",
                "user " + System.getProperty("user.name"), // as root it would switch to 'mosquitto', who cannot read tmp
                ""));
        mosquitto = new ProcessBuilder(bin.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("mosquitto.log").toFile()).start();
        Poll.until("Mosquitto to listen on " + port, () -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return !mosquitto.isAlive();
            }
        }, () -> Files.readString(tmp.resolve("mosquitto.log")));
        assertTrue(mosquitto.isAlive(), Files.readString(tmp.resolve("mosquitto.log")));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            Poll.await(vertx.close());
        }
    }

    private static String url() {
        return "mqtt://127.0.0.1:" + port;
    }

    @Test
    void fleetCollectAsUserFleetKeepsItsQueueAcrossARestart() throws Exception {
        Path db = tmp.resolve("plays.db");
        PlayRecord[] r = ProofFixtures.chain("wall-1", 3);
        Cli first = new Cli();
        CompletableFuture<Integer> exit = FleetCollectCommandTest.collect(first, "--broker", url(), "--username", "fleet",
                "--password-file", tmp.resolve("fleet.pw"), "--db", db);
        try (FakeDevice wall = FakeDevice.connect(vertx, port, "wall-1", "pw-wall-1")) {
            wall.play(r[0].toJson());
            wall.play(r[1].toJson());
            Poll.until("two records", () -> FleetCollectCommandTest.count(db) == 2, () -> FleetCollectCommandTest.count(db) + " stored");
            first.session.stopSignal().complete(null);
            assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS));
            wall.play(r[2].toJson());
        }
        Cli second = new Cli();
        CompletableFuture<Integer> again = FleetCollectCommandTest.collect(second, "--broker", url(), "--username", "fleet",
                "--password-file", tmp.resolve("fleet.pw"), "--db", db);
        Poll.until("the record queued by Mosquitto", () -> FleetCollectCommandTest.count(db) == 3,
                () -> FleetCollectCommandTest.count(db) + " stored");
        second.session.stopSignal().complete(null);
        assertEquals(ExitCodes.OK, again.get(30, TimeUnit.SECONDS));
    }

    @Test
    void fleetShowsTheRetainedStateAndTheWillOfADroppedDevice() throws Exception {
        try (FakeDevice wall = FakeDevice.connect(vertx, port, "wall-1", "pw-wall-1")) {
            wall.online("2026-11-24T02:59:00Z");
            wall.state(new JsonObject().put("device", "wall-1").put("channel", "simpang-lima").put("version", 2)
                    .put("at", "2026-11-24T02:59:00Z"));
            FakeDevice.connectAndDrop(vertx, port, "wall-2", "pw-wall-2", "2026-11-24T01:00:00Z",
                    new JsonObject().put("device", "wall-2").put("channel", "balai-kota").put("version", 1).put("at", "2026-11-24T01:00:00Z"));
            Poll.until("wall-2 offline in fleet", () -> {
                Cli cli = new Cli();
                cli.run("fleet", "--broker", url(), "--username", "fleet", "--password-file", tmp.resolve("fleet.pw"));
                return cli.out().contains("wall-2  OFFLINE  balai-kota");
            }, () -> "");
            Cli cli = new Cli();
            assertEquals(ExitCodes.OK, cli.run("fleet", "--broker", url(), "--username", "fleet", "--password-file", tmp.resolve("fleet.pw")));
            assertTrue(cli.out().contains("wall-1  online   simpang-lima  2        -            1 min ago"), cli.out());
        }
    }

    @Test
    void thePublisherUserMayAnnounceAndDevicesHearIt() throws Exception {
        try (FakeDevice wall = FakeDevice.connect(vertx, port, "wall-1", "pw-wall-1")) {
            wall.subscribe("layar/channels/+/notify");
            var login = id.layar.packager.mqtt.BrokerLogin.of("publisher", tmp.resolve("publisher.pw"));
            Poll.await(id.layar.packager.publish.Notifier.announce(vertx, new id.layar.packager.mqtt.BrokerAddress("127.0.0.1", port, false),
                    login, List.of(new id.layar.packager.publish.Publisher.ChannelChange("simpang-lima", 5, 4L, true))));
            Poll.until("the notification", () -> wall.received.size() == 1, wall.received::toString);
            assertEquals("layar/channels/simpang-lima/notify {\"channel\":\"simpang-lima\",\"version\":5}", wall.received.get(0));
        }
    }
}
