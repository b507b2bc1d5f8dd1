package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VirtualPanelTest {

    @Test
    void blackBeforeAnyFrame() {
        VirtualPanel panel = new VirtualPanel(8, 4);
        assertTrue(panel.snapshot().samePixels(new Frame(8, 4)));
        assertEquals(0, panel.framesShown());
    }

    @Test
    void snapshotIsACopyThatLaterChangesToTheSourceDoNotReach() {
        VirtualPanel panel = new VirtualPanel(8, 4);
        Frame frame = new Frame(8, 4);
        frame.fill(0x00FF00);
        panel.show(frame);
        frame.fill(0xFF0000);                       // the player reuses its frame
        Frame snapshot = panel.snapshot();
        assertEquals(0xFF00FF00, snapshot.get(3, 2));
        snapshot.fill(0x0000FF);                    // nor does changing a snapshot change the panel
        assertEquals(0xFF00FF00, panel.snapshot().get(3, 2));
        assertEquals(1, panel.framesShown());
    }

    @Test
    void frameOfAnotherSizeIsRefused() {
        VirtualPanel panel = new VirtualPanel(8, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> panel.show(new Frame(4, 8)));
        assertTrue(e.getMessage().contains("4x8") && e.getMessage().contains("8x4"), e.getMessage());
        assertEquals(0, panel.framesShown());
    }
}
