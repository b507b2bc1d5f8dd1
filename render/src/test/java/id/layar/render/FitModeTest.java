package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FitModeTest {

    @Test
    void parsesTheWireNames() {
        assertEquals(FitMode.FIT, FitMode.parse("fit"));
        assertEquals(FitMode.FILL, FitMode.parse("fill"));
        assertEquals(FitMode.STRETCH, FitMode.parse("stretch"));
    }

    @Test
    void unknownModeListsTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitMode.parse("cover"));
        assertTrue(e.getMessage().contains("fit, fill, stretch") && e.getMessage().contains("'cover'"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FitMode.parse(null));
    }
}
