package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlideStyleTest {

    @Test
    void parsesStaffColoursAndKeepsDefaultsForMissingOnes() {
        SlideStyle s = SlideStyle.of("#0b5d1e", null, "#FFD200");
        assertEquals(0x0B5D1E, s.background());
        assertEquals(SlideStyle.DEFAULT.color(), s.color());
        assertEquals(0xFFD200, s.accent());
    }

    @Test
    void badColourNamesTheFieldAndTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlideStyle.of("hijau", null, null));
        assertTrue(e.getMessage().startsWith("background") && e.getMessage().contains("'hijau'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SlideStyle(0x1000000, 0, 0));
    }
}
