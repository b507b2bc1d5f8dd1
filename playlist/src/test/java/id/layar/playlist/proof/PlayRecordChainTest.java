package id.layar.playlist.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlayRecordChainTest {
    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");
    private static final String CHAIN = "0123456789abcdef";

    private static List<PlayRecord> chain(int n) {
        return chain(CHAIN, n);
    }

    private static List<PlayRecord> chain(String name, int n) {
        List<PlayRecord> out = new ArrayList<>();
        String prev = PlayRecord.GENESIS;
        for (int i = 1; i <= n; i++) {
            PlayRecord r = PlayRecord.next("simpang-lima-01", name, i, "item-" + (i % 3), 7, T0.plusSeconds(10L * i),
                    T0.plusSeconds(10L * i + 10), PlayRecord.Outcome.PLAYED, prev);
            out.add(r);
            prev = r.hash();
        }
        return out;
    }

    @Test
    void aWholeChainHasNoBreaks() {
        assertEquals(List.of(), ChainCheck.check(chain(50)));
    }

    @Test
    void wireFormRoundTripsAndKeepsTheHash() {
        PlayRecord r = chain(3).get(2);
        PlayRecord back = PlayRecord.parse(r.toJson());
        assertEquals(r, back);
        assertTrue(back.hashMatches());
        assertEquals("simpang-lima-01/0123456789abcdef/3", back.id());
    }

    @Test
    void aMissingRecordIsReportedAtItsSeq() {
        List<PlayRecord> c = chain(10);
        c.remove(4); // seq 5
        List<ChainCheck.Break> breaks = ChainCheck.check(c);
        assertEquals(1, breaks.size(), breaks.toString());
        assertEquals(5, breaks.get(0).seq());
        assertEquals(ChainCheck.Kind.MISSING, breaks.get(0).kind());
        assertEquals(1, breaks.get(0).count());
    }

    @Test
    void anEditedOutcomeIsCaughtByTheHash() {
        List<PlayRecord> c = chain(5);
        PlayRecord r = c.get(2);
        String forged = new String(r.toJson(), StandardCharsets.UTF_8).replace("\"played\"", "\"failed\"");
        PlayRecord edited = PlayRecord.parse(forged.getBytes(StandardCharsets.UTF_8));
        assertFalse(edited.hashMatches());
        c.set(2, edited);
        List<ChainCheck.Break> breaks = ChainCheck.check(c);
        assertEquals(3, breaks.get(0).seq());
        assertEquals(ChainCheck.Kind.EDITED, breaks.get(0).kind(), breaks.toString());
    }

    @Test
    void aReplacedRecordWithAFreshHashBreaksTheNextLink() {
        List<PlayRecord> c = chain(5);
        PlayRecord r = c.get(2);
        // Rehashed after editing: its own hash matches, but seq 4 still points at the original.
        c.set(2, PlayRecord.next(r.device(), r.chain(), r.seq(), "other-item", r.version(), r.start(), r.end(), r.outcome(), r.prev()));
        List<ChainCheck.Break> breaks = ChainCheck.check(c);
        assertEquals(1, breaks.size(), breaks.toString());
        assertEquals(4, breaks.get(0).seq());
        assertEquals(ChainCheck.Kind.RELINKED, breaks.get(0).kind());
    }

    @Test
    void aRedeliveredRecordShowsAsADuplicate() {
        List<PlayRecord> c = chain(4);
        c.add(2, c.get(1));
        List<ChainCheck.Break> breaks = ChainCheck.check(c);
        assertEquals(1, breaks.size());
        assertEquals(ChainCheck.Kind.DUPLICATE, breaks.get(0).kind());
        assertEquals(3, breaks.get(0).count(), "seq 3 was expected where seq 2 came again");
    }

    @Test
    void malformedRecordsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlayRecord.parse(
                "{\"device\":\"d\",\"chain\":\"0123456789abcdef\",\"seq\":\"one\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("'seq'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PlayRecord.next("d", CHAIN, 1, "i", 1, T0, T0.minusSeconds(1),
                PlayRecord.Outcome.PLAYED, PlayRecord.GENESIS));
    }

    @Test
    void theChainNameIsHashedSoMovingARecordToAnotherChainIsAnEdit() {
        PlayRecord r = chain(1).get(0);
        String moved = new String(r.toJson(), StandardCharsets.UTF_8).replace(CHAIN, "fedcba9876543210");
        assertFalse(PlayRecord.parse(moved.getBytes(StandardCharsets.UTF_8)).hashMatches());
    }

    @Test
    void aNewChainOfTheSameDeviceHasOtherIdsAndCannotBeCheckedMixedWithTheOld() {
        String fresh = PlayRecord.newChain();
        assertTrue(fresh.matches("[0-9a-f]{16}"), fresh);
        List<PlayRecord> old = chain(3);
        List<PlayRecord> renewed = chain(fresh, 3);
        assertFalse(old.get(0).id().equals(renewed.get(0).id()), "seq 1 of each chain has its own id");
        assertEquals(List.of(), ChainCheck.check(renewed));
        List<PlayRecord> mixed = new ArrayList<>(old);
        mixed.addAll(renewed);
        assertThrows(IllegalArgumentException.class, () -> ChainCheck.check(mixed));
        assertThrows(IllegalArgumentException.class, () -> PlayRecord.next("d", "NOT-HEX-AT-ALL!!", 1, "i", 1, T0, T0,
                PlayRecord.Outcome.PLAYED, PlayRecord.GENESIS), "a chain name is 16 hex digits");
    }
}
