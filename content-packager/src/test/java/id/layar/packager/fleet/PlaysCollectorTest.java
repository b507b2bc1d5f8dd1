package id.layar.packager.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.FakeDevice;
import id.layar.packager.Poll;
import id.layar.packager.ProofFixtures;
import id.layar.packager.mqtt.BrokerAddress;
import id.layar.packager.mqtt.BrokerLogin;
import id.layar.packager.serve.EmbeddedBroker;
import id.layar.playlist.proof.PlayRecord;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plays collector against a real broker and a real SQLite file. */
class PlaysCollectorTest {
    static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private final Vertx vertx = Vertx.vertx();
    private EmbeddedBroker broker;
    private PlayStore store;

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", 0, tmp.resolve("data"), null);
        store = PlayStore.open(tmp.resolve("plays.db"));
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        broker.stop();
        Poll.await(vertx.close());
    }

    static PlayRecord[] chain(String device, int n) {
        return ProofFixtures.chain(device, n);
    }

    private PlaysCollector collector() throws Exception {
        return Poll.await(PlaysCollector.start(vertx, new BrokerAddress("127.0.0.1", broker.port(), false), BrokerLogin.ANONYMOUS,
                PlaysCollector.CLIENT_ID, store, CLOCK, new PlaysCollector.Listener() { }));
    }

    @Test
    void aRecordDeliveredButNotAcknowledgedComesAgainAndIsStoredOnce() throws Exception {
        PlayRecord[] r = chain("wall-1", 2);
        try (FakeDevice wall = FakeDevice.connect(vertx, broker.port(), "wall-1", null)) {
            // A collector receives record 1 and dies before its commit: no PUBACK.
            int seen = FakeDevice.receiveWithoutAcking(vertx, broker.port(), PlaysCollector.CLIENT_ID, "layar/devices/+/plays", () -> {
                try {
                    wall.play(r[0].toJson());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 1);
            assertEquals(1, seen);
            assertEquals(0, store.count());

            PlaysCollector c = collector();
            Poll.until("the redelivered record 1", () -> store.count() == 1, () -> store.count() + " stored");
            // The device's outbox sends record 1 again (its PUBACK was lost), then record 2.
            wall.play(r[0].toJson());
            wall.play(r[1].toJson());
            Poll.until("record 2", () -> store.count() == 2, () -> store.count() + " stored");
            Poll.until("the repeat counted", () -> c.duplicates() == 1, () -> c.duplicates() + " duplicates");
            // The counter follows the commit on the collector's context: poll it too.
            Poll.until("two records counted as stored", () -> c.stored() == 2, () -> c.stored() + " stored");
            Poll.await(c.stop());
        }
        assertEquals(java.util.List.of(r[0], r[1]), store.records("wall-1", ProofFixtures.CHAIN));
        assertEquals(0, store.rejected());
    }

    @Test
    void recordsPublishedWhileTheCollectorIsAwayWaitOnTheBroker() throws Exception {
        PlayRecord[] r = chain("wall-1", 3);
        Poll.await(collector().stop()); // the broker now keeps a session for the collector
        try (FakeDevice wall = FakeDevice.connect(vertx, broker.port(), "wall-1", null)) {
            for (PlayRecord p : r) {
                wall.play(p.toJson());
            }
        }
        assertEquals(0, store.count());
        PlaysCollector c = collector();
        Poll.until("the three queued records", () -> store.count() == 3, () -> store.count() + " stored");
        Poll.await(c.stop());
    }

    @Test
    void anEditedRecordIsKeptAndFlaggedAndGarbageIsSetAside() throws Exception {
        PlayRecord[] r = chain("wall-1", 2);
        PlayRecord edited = new PlayRecord("wall-1", r[1].chain(), 2, "iklan-lain", r[1].version(), r[1].start(), r[1].end(), r[1].outcome(),
                r[1].prev(), r[1].hash());
        PlaysCollector c = collector();
        try (FakeDevice wall = FakeDevice.connect(vertx, broker.port(), "wall-1", null)) {
            wall.play(r[0].toJson());
            wall.play(edited.toJson());
            wall.play("not a record".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            wall.play(chain("wall-9", 1)[0].toJson()); // another device's record on wall-1's topic
        }
        Poll.until("two plays and two set aside", () -> store.count() == 2 && store.rejected() == 2,
                () -> store.count() + " stored, " + store.rejected() + " set aside");
        Poll.await(c.stop());
        java.util.List<PlayStore.Row> rows = new java.util.ArrayList<>();
        store.startedBetween(T0.minusSeconds(1), T0.plusSeconds(60), rows::add);
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).hashOk());
        assertEquals(false, rows.get(1).hashOk());
        assertEquals("iklan-lain", rows.get(1).record().item());
        assertEquals(java.util.List.of("layar/devices/wall-1/plays: not a play record: not valid JSON: Unrecognized token 'not': "
                        + "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                "layar/devices/wall-1/plays: a record of device wall-9 published by device wall-1"), store.rejectedReasons(10));
    }
}
