package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DimmingTest {

    @Test
    void fullLevelIsTheIdentityAndNeedsNoWork() {
        Dimming d = new Dimming(Dimming.HDMI_GAMMA);
        assertTrue(d.step().full());
        for (int v = 0; v < 256; v++) {
            assertEquals(v, d.step().channel(v));
        }
    }

    @Test
    void gammaEncodedValuesScaleByTheRootOfTheLightLevel() {
        Dimming hdmi = new Dimming(Dimming.HDMI_GAMMA);
        hdmi.setLevel(0.25);
        double f = Math.pow(0.25, 1 / 2.2);
        assertEquals(Math.round(255 * f), hdmi.step().channel(255));
        assertEquals(Math.round(100 * f), hdmi.step().channel(100));
        Dimming linear = new Dimming(Dimming.LINEAR);
        linear.setLevel(0.25);
        assertEquals(64, linear.step().channel(255), "linear values (APA102 PWM) scale by the level itself");
        assertEquals(0xFF402010, linear.step().apply(0x00FF8040) & 0xFFFFFFFF, "applied per channel, alpha opaque");
    }

    @Test
    void levelsAreClampedAndATableIsBuiltOnlyOnChange() {
        Dimming d = new Dimming(Dimming.LINEAR);
        d.setLevel(0.5);
        Dimming.Step s = d.step();
        d.setLevel(0.5);
        assertSame(s, d.step(), "same level, same table");
        d.setLevel(-1);
        assertEquals(0, d.level());
        assertEquals(0, d.step().channel(255));
        assertFalse(d.step().full());
        d.setLevel(7);
        assertEquals(1, d.level());
        assertThrows(IllegalArgumentException.class, () -> d.setLevel(Double.NaN));
    }

    @Test
    void everyScaledChannelIsWithinAHalfOfTheExactProduct() {
        for (double level : new double[] {0, 0.001, 0.1, 0.25, 0.5, 0.73, 0.999, 1}) {
            for (double gamma : new double[] {Dimming.HDMI_GAMMA, Dimming.LINEAR}) {
                Dimming d = new Dimming(gamma);
                d.setLevel(level);
                Dimming.Step step = d.step();
                double f = Math.pow(level, 1 / gamma);
                for (int v = 0; v < 256; v++) {
                    assertTrue(Math.abs(step.channel(v) - v * f) <= 0.5 + 1e-3, level + "/" + gamma + ": " + v
                            + " became " + step.channel(v) + ", exact " + v * f);
                }
            }
        }
    }
}
