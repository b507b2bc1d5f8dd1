package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class FrameTest {

    @Test
    void newFrameIsOpaqueBlack() {
        Frame f = new Frame(3, 2);
        for (int p : f.pixels()) {
            assertEquals(0xFF000000, p);
        }
    }

    @Test
    void copyFromOfAnotherSizeNamesBothSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Frame(4, 3).copyFrom(new Frame(5, 3)));
        assertTrue(e.getMessage().contains("5x3") && e.getMessage().contains("4x3"), e.getMessage());
    }

    @Test
    void pixelArrayOfTheWrongLengthIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Frame(4, 4, new int[15]));
        assertTrue(e.getMessage().contains("16"), e.getMessage());
    }

    @Test
    void samePixelsIgnoresAlphaButNotColourOrSize() {
        Frame a = new Frame(2, 2, new int[] {0x00123456, 1, 2, 3});
        Frame b = new Frame(2, 2, new int[] {0xFF123456, 0xFF000001, 2, 3});
        assertTrue(a.samePixels(b));
        b.set(1, 1, 4);
        assertFalse(a.samePixels(b));
        assertFalse(new Frame(2, 2).samePixels(new Frame(4, 1)));
    }

    @Test
    void copyIsIndependent() {
        Frame a = new Frame(2, 2);
        Frame b = a.copy();
        a.set(0, 0, 0xFFFFFF);
        assertEquals(0xFF000000, b.get(0, 0));
    }

    @Test
    void imageRoundTripKeepsPixelsForEveryImageLayout() {
        Frame f = PngTest.noise(9, 7, 11);
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
                BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_BGR}) {
            BufferedImage image = new BufferedImage(9, 7, type);
            Graphics2D g = image.createGraphics();
            g.drawImage(f.toImage(), 0, 0, null);
            g.dispose();
            assertTrue(f.samePixels(Frame.of(image)), "image type " + type);
        }
        assertEquals(BufferedImage.TYPE_INT_RGB, f.toImage().getType());
    }

    @Test
    void translucentPixelsAreCompositedOverBlack() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, new Color(255, 255, 255, 0).getRGB());
        image.setRGB(1, 0, new Color(200, 100, 50, 128).getRGB());
        Frame f = Frame.of(image);
        assertEquals(0xFF000000, f.get(0, 0));
        assertEquals(0xFF000000 | 100 << 16 | 50 << 8 | 25, f.get(1, 0));
    }

    @Test
    void subImageIsReadAtItsOwnOrigin() {
        Frame f = PngTest.noise(10, 10, 12);
        BufferedImage sub = f.toImage().getSubimage(3, 4, 5, 2);
        Frame s = Frame.of(sub);
        assertEquals(f.get(3, 4), s.get(0, 0));
        assertEquals(f.get(7, 5), s.get(4, 1));
    }
}
