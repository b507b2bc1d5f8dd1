package id.layar.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.proof.ChainCheck;
import id.layar.playlist.proof.PlayRecord;
import id.layar.playlist.proof.PlayRecord.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlayOutboxTest {
    static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");

    @TempDir
    Path dir;

    static PlayRecord play(PlayOutbox box, int n) throws IOException {
        return box.append("item-" + n, 7, T0.plusSeconds(10L * n), T0.plusSeconds(10L * n + 10), Outcome.PLAYED);
    }

    @Test
    void chainContinuesAcrossCloseAndReopen() throws Exception {
        Path file = dir.resolve("plays.db");
        List<PlayRecord> all = new ArrayList<>();
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            for (int i = 1; i <= 3; i++) {
                all.add(play(box, i));
            }
        }
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            assertEquals(3, box.size());
            assertEquals(3, box.lastSeq());
            for (int i = 4; i <= 6; i++) {
                all.add(play(box, i));
            }
            assertEquals(all, box.pending(100), "pending returns what was appended, in seq order");
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), all.stream().map(PlayRecord::seq).collect(Collectors.toList()));
        assertEquals(PlayRecord.GENESIS, all.get(0).prev());
        assertEquals(List.of(), ChainCheck.check(all));
    }

    @Test
    void acknowledgingEverythingKeepsTheChainHeadAndNeverReusesASeq() throws Exception {
        Path file = dir.resolve("plays.db");
        List<PlayRecord> all = new ArrayList<>();
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            for (int i = 1; i <= 4; i++) {
                all.add(play(box, i));
            }
            box.acknowledged(1, 2, 3, 4);
            assertEquals(0, box.size());
            assertEquals(List.of(), box.pending(10));
            all.add(play(box, 5));
        }
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            all.add(play(box, 6));
            assertEquals(List.of(5L, 6L), box.pending(10).stream().map(PlayRecord::seq).collect(Collectors.toList()));
            box.acknowledged(5, 6);
        }
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            PlayRecord seven = play(box, 7);
            all.add(seven);
            assertEquals(7, seven.seq(), "seq continues after everything was acknowledged and the file reopened");
        }
        assertEquals(List.of(), ChainCheck.check(all), "the chain links across deletes and reopenings");
    }

    @Test
    void acknowledgingOutOfOrderLeavesTheRestPendingInSeqOrder() throws Exception {
        try (PlayOutbox box = PlayOutbox.open(dir.resolve("plays.db"), "wall-a")) {
            for (int i = 1; i <= 6; i++) {
                play(box, i);
            }
            box.acknowledged(2, 5, 5, 99);
            assertEquals(4, box.size(), "a duplicate or unknown acknowledgement changes nothing");
            assertEquals(List.of(1L, 3L, 4L, 6L), box.pending(10).stream().map(PlayRecord::seq).collect(Collectors.toList()));
            assertEquals(List.of(4L, 6L), box.pending(3, 10).stream().map(PlayRecord::seq).collect(Collectors.toList()));
            assertEquals(List.of(1L, 3L), box.pending(2).stream().map(PlayRecord::seq).collect(Collectors.toList()));
        }
    }

    @Test
    void refusesTheOutboxOfAnotherDevice() throws Exception {
        Path file = dir.resolve("plays.db");
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            play(box, 1);
        }
        IOException e = assertThrows(IOException.class, () -> PlayOutbox.open(file, "wall-b"));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'wall-a'") && e.getMessage().contains("'wall-b'"), e.getMessage());
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            assertEquals(1, box.size(), "the refused open changed nothing");
        }
    }

    @Test
    void aFileThatIsNotAnOutboxIsRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("plays.db");
        Files.writeString(file, "this is not a database, but a file that happens to be large enough to have a header".repeat(20));
        IOException e = assertThrows(IOException.class, () -> PlayOutbox.open(file, "wall-a"));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aRecordThatEndsBeforeItStartsIsRefusedWithoutUsingASeq() throws Exception {
        try (PlayOutbox box = PlayOutbox.open(dir.resolve("plays.db"), "wall-a")) {
            play(box, 1);
            assertThrows(IllegalArgumentException.class,
                    () -> box.append("bad", 1, T0.plusSeconds(5), T0, Outcome.CUT));
            assertEquals(2, play(box, 2).seq());
            assertEquals(List.of(), ChainCheck.check(box.pending(10)));
        }
    }

    @Test
    void theOutboxIsInWalModeWithFullSync() throws Exception {
        try (PlayOutbox box = PlayOutbox.open(dir.resolve("plays.db"), "wall-a")) {
            play(box, 1);
            assertTrue(Files.exists(dir.resolve("plays.db-wal")), "a WAL file beside the outbox");
        }
    }

    @Test
    void aLostOutboxStartsANewChainWhoseIdsNeverCollideWithTheOld() throws Exception {
        Path file = dir.resolve("plays.db");
        PlayRecord first;
        String chain;
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            first = play(box, 1);
            chain = box.chain();
        }
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            assertEquals(chain, box.chain(), "the chain's name is kept in the file");
            assertEquals(chain, play(box, 2).chain());
        }
        // The technician moves a damaged outbox away, as the open error advises: the agent starts again at seq 1.
        Files.move(file, dir.resolve("plays.db.damaged"));
        Files.deleteIfExists(dir.resolve("plays.db-wal"));
        Files.deleteIfExists(dir.resolve("plays.db-shm"));
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            PlayRecord again = play(box, 1);
            assertEquals(1, again.seq());
            assertNotEquals(chain, again.chain(), "a new file draws a new chain name");
            assertNotEquals(first.id(), again.id(), "seq 1 of the new chain is not the old seq 1");
        }
    }

    @Test
    void aRecordEditedOnTheCardIsSentAsEvidenceAndAnUnreadableOneIsDropped() throws Exception {
        Path file = dir.resolve("plays.db");
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            for (int i = 1; i <= 3; i++) {
                play(box, i);
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE plays SET record = CAST(replace(CAST(record AS TEXT), '\"played\"', '\"failed\"') AS BLOB)"
                    + " WHERE seq = 2");
            s.executeUpdate("UPDATE plays SET record = X'7b6e6f74206a736f6e' WHERE seq = 3");
        }
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            List<PlayRecord> pending = box.pending(10);
            assertEquals(List.of(1L, 2L), pending.stream().map(PlayRecord::seq).collect(Collectors.toList()),
                    "seq 3 no longer parses and is dropped; seq 2 is sent as it is");
            assertEquals(Outcome.FAILED, pending.get(1).outcome());
            List<ChainCheck.Break> breaks = ChainCheck.check(pending);
            assertEquals(List.of(ChainCheck.Kind.EDITED), breaks.stream().map(ChainCheck.Break::kind).collect(Collectors.toList()),
                    "the fleet sees the edit");
            assertEquals(2, box.size(), "the dropped row is gone; the edited one waits for its acknowledgement");
        }
    }

    @Test
    void aDamagedOutboxIsSetAsideAndANewChainBeginsSoProofOfPlayGoesOn() throws Exception {
        Path file = dir.resolve("plays.db");
        Files.writeString(file, "this is not a database, but a file that happens to be large enough to have a header".repeat(20));
        PlayOutbox.Opened opened = PlayOutbox.openOrSetAside(file, "wall-a", T0);
        try (PlayOutbox box = opened.box()) {
            assertEquals(dir.resolve("plays.db.damaged-2026-11-25T030000Z"), opened.setAside());
            assertTrue(Files.readString(opened.setAside()).startsWith("this is not a database"), "the old bytes are kept");
            assertEquals(1, play(box, 1).seq(), "a new chain starts");
        }
        PlayOutbox.Opened again = PlayOutbox.openOrSetAside(file, "wall-a", T0.plusSeconds(60));
        try (PlayOutbox box = again.box()) {
            assertEquals(null, again.setAside(), "a good file is opened as it is");
            assertEquals(1, box.size());
        }
    }

    @Test
    void anotherDevicesOutboxIsNeverSetAsideAutomatically() throws Exception {
        Path file = dir.resolve("plays.db");
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            play(box, 1);
        }
        assertThrows(IOException.class, () -> PlayOutbox.openOrSetAside(file, "wall-b", T0));
        try (PlayOutbox box = PlayOutbox.open(file, "wall-a")) {
            assertEquals(1, box.size(), "wall-a's unsent record is still there");
        }
    }
}
