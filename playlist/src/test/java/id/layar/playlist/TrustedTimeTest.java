package id.layar.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrustedTimeTest {
    private static final Instant SIGNED = Instant.parse("2026-11-24T01:00:00Z");

    @Test
    void piBootingIn1970IsLiftedToTheNewestSignedTime() {
        TrustedTime t = TrustedTime.fresh().accept(SIGNED);
        assertEquals(SIGNED, t.now(Instant.EPOCH));
        assertTrue(t.clockBehind(Instant.EPOCH));
    }

    @Test
    void clockAheadOfTheFloorIsUsedAsIs() {
        TrustedTime t = TrustedTime.fresh().accept(SIGNED);
        Instant later = SIGNED.plusSeconds(3600);
        assertEquals(later, t.now(later));
        assertFalse(t.clockBehind(later));
    }

    @Test
    void floorNeverMovesBackwards() {
        TrustedTime t = TrustedTime.fresh().accept(SIGNED);
        assertSame(t, t.accept(SIGNED.minusSeconds(60)));
        assertEquals(SIGNED.plusSeconds(1), t.accept(SIGNED.plusSeconds(1)).floor());
    }

    @Test
    void smallClockSkewIsNotAnAlarm() {
        TrustedTime t = TrustedTime.fresh().accept(SIGNED);
        assertFalse(t.clockBehind(SIGNED.minusSeconds(60)));
        assertTrue(t.clockBehind(SIGNED.minusSeconds(600)));
    }
}
