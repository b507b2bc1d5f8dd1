package id.layar.packager.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Cli;
import id.layar.packager.ExitCodes;
import id.layar.packager.Fixtures;
import id.layar.playlist.proof.PlayRecord;
import id.layar.playlist.proof.PlayRecord.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet plays}: the CSV of a month in WIB, and a gap and an edit found in a device's chain. */
class FleetPlaysCommandTest {
    @TempDir
    Path tmp;

    private static final String CHAIN = "00000000000000a1";

    private static PlayRecord next(PlayRecord before, String device, String item, String start, Outcome outcome) {
        return next(before, device, CHAIN, item, start, outcome);
    }

    private static PlayRecord next(PlayRecord before, String device, String chain, String item, String start, Outcome outcome) {
        Instant s = Instant.parse(start);
        return PlayRecord.next(device, chain, before == null ? 1 : before.seq() + 1, item, 4, s, s.plusSeconds(12), outcome,
                before == null ? PlayRecord.GENESIS : before.hash());
    }

    /** wall-1: a whole chain around November in WIB; wall-2: record 2 edited after the fact, record 3 missing. */
    private Path store(boolean withBrokenChain) throws Exception {
        Path db = tmp.resolve("plays.db");
        try (PlayStore s = PlayStore.open(db)) {
            PlayRecord a1 = next(null, "wall-1", "cegah-dbd", "2026-10-31T16:50:00Z", Outcome.PLAYED); // 23:50 WIB, 31 Oct
            PlayRecord a2 = next(a1, "wall-1", "cegah-dbd", "2026-10-31T17:30:00Z", Outcome.PLAYED);  // 00:30 WIB, 1 Nov
            PlayRecord a3 = next(a2, "wall-1", "pajak", "2026-11-30T16:30:00Z", Outcome.CUT);         // 23:30 WIB, 30 Nov
            PlayRecord a4 = next(a3, "wall-1", "pajak", "2026-11-30T17:10:00Z", Outcome.PLAYED);      // 00:10 WIB, 1 Dec
            for (PlayRecord r : List.of(a1, a2, a3, a4)) {
                s.add("wall-1", r.toJson(), Instant.parse("2026-12-01T00:00:00Z"));
            }
            if (withBrokenChain) {
                PlayRecord b1 = next(null, "wall-2", "cegah-dbd", "2026-11-10T01:00:00Z", Outcome.PLAYED);
                PlayRecord b2 = next(b1, "wall-2", "cegah-dbd", "2026-11-10T01:00:12Z", Outcome.PLAYED);
                PlayRecord b3 = next(b2, "wall-2", "cegah-dbd", "2026-11-10T01:00:24Z", Outcome.FAILED);
                PlayRecord b4 = next(b3, "wall-2", "cegah-dbd", "2026-11-10T01:00:36Z", Outcome.PLAYED);
                PlayRecord edited = new PlayRecord("wall-2", CHAIN, 2, "iklan \"baru\", 2", 4, b2.start(), b2.end(), b2.outcome(), b2.prev(), b2.hash());
                for (PlayRecord r : List.of(b1, edited, b4)) {
                    s.add("wall-2", r.toJson(), Instant.parse("2026-12-01T00:00:00Z"));
                }
            }
        }
        return db;
    }

    @Test
    void aMonthInWibWithWholeChainsExitsZero() throws Exception {
        Path db = store(false);
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("fleet", "plays", "--db", db, "--from", "2026-11-01", "--to", "2026-11-30"), cli.err());
        String[] lines = cli.out().split("\r\n", -1);
        assertEquals("id,device,chain,seq,item,version,start,end,outcome,hash", lines[0]);
        assertTrue(lines[1].startsWith("wall-1/00000000000000a1/2,wall-1,00000000000000a1,2,cegah-dbd,4,2026-11-01T00:30:00+07:00,2026-11-01T00:30:12+07:00,played,"), lines[1]);
        assertTrue(lines[2].startsWith("wall-1/00000000000000a1/3,wall-1,00000000000000a1,3,pajak,4,2026-11-30T23:30:00+07:00,2026-11-30T23:30:12+07:00,cut,"), lines[2]);
        assertEquals(4, lines.length, "header, two plays, and the CRLF after the last: " + cli.out());
        assertEquals("", lines[3]);
        assertEquals(List.of("wrote 2 plays of 1 device from 2026-11-01 to 2026-11-30 (Asia/Jakarta) to -",
                "every device's chain of proof-of-play records is whole"), cli.err().lines().toList());

        // WITA moves the day boundaries an hour: 23:50 WIB on 31 Oct is 00:50 WITA on 1 Nov (in), 23:30 WIB on 30 Nov is
        // 00:30 WITA on 1 Dec (out).
        Cli wita = new Cli();
        assertEquals(ExitCodes.OK, wita.run("fleet", "plays", "--db", db, "--from", "2026-11-01", "--to", "2026-11-30", "--zone", "Asia/Makassar"));
        assertEquals(3, wita.out().split("\r\n").length, wita.out());
        assertTrue(wita.out().contains("wall-1/00000000000000a1/1,wall-1,00000000000000a1,1,cegah-dbd,4,2026-11-01T00:50:00+08:00"), wita.out());
    }

    @Test
    void aGapAndAnEditAreReportedWithDeviceAndSeqAndTheCsvIsStillWritten() throws Exception {
        Path db = store(true);
        Path out = tmp.resolve("reports/november.csv");
        Cli cli = new Cli();
        assertEquals(ExitCodes.DATA_PROBLEM, cli.run("fleet", "plays", "--db", db, "--from", "2026-11-01", "--to", "2026-11-30", "--out", out));
        List<String> csv = List.of(Files.readString(out, StandardCharsets.UTF_8).split("\r\n"));
        assertEquals(6, csv.size(), csv.toString());
        assertTrue(csv.get(3).startsWith("wall-2/00000000000000a1/2,wall-2,00000000000000a1,2,\"iklan \"\"baru\"\", 2\",4,2026-11-10T08:00:12+07:00,"), csv.get(3));
        List<String> err = cli.err().lines().toList();
        assertEquals("wrote 5 plays of 2 devices from 2026-11-01 to 2026-11-30 (Asia/Jakarta) to " + out, err.get(0));
        assertEquals("chain broken: device wall-2, chain 00000000000000a1, seq 2: the record does not match its hash (edited)",
                err.get(1));
        assertEquals("chain broken: device wall-2, chain 00000000000000a1: 1 record(s) missing, seq 3 to 3", err.get(2));
        assertTrue(err.get(3).startsWith("proof of play is not whole: 2 break(s) in the chains and 0 message(s) kept aside in " + db), err.get(3));
        assertEquals(List.of("november.csv"), Fixtures.names(out.getParent()), "no temporary file left");
    }

    @Test
    void badDatesAndAMissingStoreAreNamed() throws Exception {
        Cli cli = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("fleet", "plays", "--db", tmp.resolve("plays.db"), "--from", "1 Nov", "--to", "2026-11-30"));
        assertEquals("error: --from must be a date like 2026-11-01; found \"1 Nov\"", cli.err().strip());
        Cli missing = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, missing.run("fleet", "plays", "--db", tmp.resolve("plays.db"), "--from", "2026-11-01", "--to", "2026-11-30"));
        assertTrue(missing.err().startsWith("error: no proof-of-play store at " + tmp.resolve("plays.db")), missing.err());
        assertFalse(Files.exists(tmp.resolve("plays.db")), "a mistyped --db does not create an empty store");
        Cli backwards = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, backwards.run("fleet", "plays", "--db", store(false), "--from", "2026-11-30", "--to", "2026-11-01"));
        assertEquals("error: --to (2026-11-01) must not be before --from (2026-11-30)", backwards.err().strip());
    }

    @Test
    void aDeviceThatLostItsOutboxShowsAsANewChainNotAsRejectedDuplicates() throws Exception {
        Path db = tmp.resolve("plays.db");
        try (PlayStore s = PlayStore.open(db)) {
            PlayRecord a1 = next(null, "wall-3", "cegah-dbd", "2026-11-10T01:00:00Z", Outcome.PLAYED);
            PlayRecord a2 = next(a1, "wall-3", "cegah-dbd", "2026-11-10T01:00:12Z", Outcome.PLAYED);
            // The outbox was moved away; the device begins again at seq 1 under a new chain name.
            PlayRecord b1 = next(null, "wall-3", "00000000000000b2", "pajak", "2026-11-12T01:00:00Z", Outcome.PLAYED);
            PlayRecord b2 = next(b1, "wall-3", "00000000000000b2", "pajak", "2026-11-12T01:00:12Z", Outcome.CUT);
            for (PlayRecord r : List.of(a1, a2, b1, b2)) {
                assertEquals(PlayStore.Added.STORED, s.add("wall-3", r.toJson(), Instant.parse("2026-12-01T00:00:00Z")), r.id());
            }
        }
        Cli cli = new Cli();
        assertEquals(ExitCodes.DATA_PROBLEM, cli.run("fleet", "plays", "--db", db, "--from", "2026-11-01", "--to", "2026-11-30"));
        assertEquals(5, cli.out().split("\r\n").length, "all four plays are in the CSV: " + cli.out());
        List<String> err = cli.err().lines().toList();
        assertEquals("device wall-3 began a new chain 00000000000000b2: it lost its outbox (a damaged file moved away, a new SD"
                + " card), so plays it had not yet sent are lost", err.get(1));
        assertTrue(err.get(2).startsWith("proof of play is not whole: 1 break(s) in the chains and 0 message(s)"), err.get(2));

        Cli id = new Cli();
        assertEquals(ExitCodes.DATA_PROBLEM, id.run("--lang", "id", "fleet", "plays", "--db", db, "--from", "2026-11-01",
                "--to", "2026-11-30"));
        assertTrue(id.err().contains("perangkat wall-3 memulai rantai baru 00000000000000b2"), id.err());
    }
}
