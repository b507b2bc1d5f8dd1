package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrightnessTest {
    static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
    static final Instant NOON = PowerScheduleTest.at("2025-03-01T12:00:00", WIB);
    static final Instant NIGHT = PowerScheduleTest.at("2025-03-01T22:00:00", WIB);

    private Context pi4j;

    @BeforeEach
    void pi4j() {
        pi4j = MockPi4j.context();
    }

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private I2C bus() {
        return pi4j.io(Bh1750.PI4J_ID, I2C.class);
    }

    /** A recorder standing in for an output. */
    static final class Recorder implements Dimmable {
        double level = 1;

        @Override
        public void setBrightness(double l) {
            level = l;
        }

        @Override
        public double brightness() {
            return level;
        }
    }

    @Test
    void sensorIsPoweredOnAndPutInContinuousHighResolutionMode() {
        Bh1750 sensor = new Bh1750(pi4j, 1, Bh1750.ADDRESS_LOW);
        assertEquals(List.of(0x01, 0x10), MockPi4j.drain(bus()), "power-on, then continuous high-res mode");
        assertEquals(1, bus().bus());
        assertEquals(0x23, bus().device());
        sensor.close();
    }

    @Test
    void luxIsTheBigEndianRawValueOverOnePointTwo() throws IOException {
        Bh1750 sensor = new Bh1750(pi4j, 1, Bh1750.ADDRESS_HIGH);
        MockPi4j.queueBh1750Raw(bus(), 0x012C); // 300
        assertEquals(250.0, sensor.readLux(), 1e-9);
        MockPi4j.queueBh1750Raw(bus(), 0xFFFF);
        assertEquals(65535 / 1.2, sensor.readLux(), 1e-9, "saturated in full sun");
    }

    @Test
    void aSensorThatDoesNotAnswerSaysWhatToCheck() {
        Bh1750 sensor = new Bh1750(pi4j, 1, Bh1750.ADDRESS_LOW);
        MockPi4j.drain(bus());
        IOException e = assertThrows(IOException.class, sensor::readLux);
        assertTrue(e.getMessage().contains("BH1750 at 0x23 on I2C bus 1 did not answer") && e.getMessage().contains("i2cdetect -y 1")
                && e.getMessage().contains("GPIO2 = pin 3"), e.getMessage());
    }

    @Test
    void curveRisesWithTheLogarithmOfLightBetweenMinAndMax() {
        BrightnessCurve c = new BrightnessCurve(0.1, 0.9, 10, 10_000, Duration.ofSeconds(30));
        assertEquals(0.1, c.target(0), 1e-9);
        assertEquals(0.1, c.target(10), 1e-9);
        assertEquals(0.9, c.target(10_000), 1e-9);
        assertEquals(0.9, c.target(100_000), 1e-9);
        double mid = c.target(Math.sqrt(11 * 10_001) - 1); // halfway in log(lux + 1)
        assertEquals(0.5, mid, 1e-9);
        assertTrue(c.target(100) > c.target(50) && c.target(1000) > c.target(100));
    }

    @Test
    void smoothingMovesAboutTwoThirdsOfTheWayInOneTimeConstant() {
        BrightnessCurve c = new BrightnessCurve(0, 1, 10, 10_000, Duration.ofSeconds(20));
        assertEquals(1 - Math.exp(-1), c.smooth(0, 1, Duration.ofSeconds(20)), 1e-9);
        assertEquals(0.5, c.smooth(0.5, 1, Duration.ZERO), 1e-9, "no time, no change");
        assertEquals(1, c.smooth(0, 1, Duration.ofHours(1)), 1e-9, "long gaps jump to the target");
        assertEquals(1, new BrightnessCurve(0, 1, 10, 10_000, Duration.ZERO).smooth(0, 1, Duration.ofMillis(1)), 1e-9);
    }

    @Test
    void sensorReadingsDriveTheOutputsThroughCurveAndSmoothing() {
        Bh1750 sensor = new Bh1750(pi4j, 1, Bh1750.ADDRESS_LOW);
        BrightnessCurve curve = new BrightnessCurve(0.1, 1.0, 10, 10_000, Duration.ofSeconds(10));
        BrightnessControl control = new BrightnessControl(sensor, null, curve, BrightnessSchedule.DEFAULT, () -> WIB);
        Recorder out = new Recorder();
        control.addOutput(out);

        MockPi4j.queueLux(bus(), 5);
        BrightnessStatus s = control.sample(NIGHT);
        assertEquals(BrightnessStatus.Source.SENSOR, s.source());
        assertEquals(0.1, s.level(), 1e-9, "the first reading is taken as it is");
        assertEquals(0.1, out.level, 1e-9);
        assertNull(s.fault());

        // Floodlights come on: the wall brightens over a few time constants, not at once.
        MockPi4j.queueLux(bus(), 50_000);
        s = control.sample(NIGHT.plusSeconds(10));
        assertEquals(0.1 + 0.9 * (1 - Math.exp(-1)), s.level(), 1e-6);
        assertEquals(s.level(), out.level, 1e-12);
        for (int i = 2; i <= 6; i++) {
            MockPi4j.queueLux(bus(), 50_000);
            s = control.sample(NIGHT.plusSeconds(10L * i));
        }
        assertEquals(1.0, s.level(), 0.01);
        assertEquals(50_000, s.lux(), 1.0);
    }

    @Test
    void sensorFailureFallsBackToScheduleAndReportsFault() {
        Bh1750 sensor = new Bh1750(pi4j, 1, Bh1750.ADDRESS_LOW);
        BrightnessSchedule fallback = new BrightnessSchedule(LocalTime.of(6, 0), LocalTime.of(18, 0), 0.9, 0.25);
        BrightnessControl control = new BrightnessControl(sensor, null,
                new BrightnessCurve(0.1, 1.0, 10, 10_000, Duration.ofSeconds(5)), fallback, () -> WIB);
        Recorder out = new Recorder();
        control.addOutput(out);

        MockPi4j.queueLux(bus(), 20_000);
        assertEquals(BrightnessStatus.Source.SENSOR, control.sample(NIGHT).source());

        // The sensor stops answering (wire cut): nothing queued. The mock keeps one queue for both directions, so
        // before each sample the test drains what the host wrote (the sensor's set-up commands), or it would read
        // them back as a measurement.
        MockPi4j.drain(bus());
        BrightnessStatus s = control.sample(NIGHT.plusSeconds(1));
        assertEquals(BrightnessStatus.Source.SCHEDULE, s.source());
        assertNull(s.lux());
        String fault = s.fault();
        assertTrue(fault != null && fault.contains("did not answer") && fault.contains("i2cdetect"), String.valueOf(fault));
        assertTrue(s.level() < 1.0 && s.level() > 0.25, "heads for the night level smoothly: " + s.level());
        for (int i = 2; i <= 59; i++) {
            // Odd seconds set the sensor up again, even ones find it silent; the fault stays the same throughout.
            assertEquals(i % 2 == 0 ? List.of() : List.of(0x01, 0x10), MockPi4j.drain(bus()), "second " + i);
            s = control.sample(NIGHT.plusSeconds(i));
            assertEquals(BrightnessStatus.Source.SCHEDULE, s.source());
            assertEquals(fault, s.fault());
        }
        assertEquals(0.25, s.level(), 1e-3, "the schedule's night level");
        assertEquals(s.level(), out.level, 1e-12);

        // The sensor answers again: the next sample sets it up (power-on, mode), the one after reads it.
        MockPi4j.queueLux(bus(), 20_000);
        s = control.sample(NIGHT.plusSeconds(60));
        assertEquals(BrightnessStatus.Source.SCHEDULE, s.source(), "set-up only");
        s = control.sample(NIGHT.plusSeconds(61));
        assertEquals(BrightnessStatus.Source.SENSOR, s.source());
        assertNull(s.fault());
        assertEquals(20_000, s.lux(), 1);
        assertEquals(List.of(0x01, 0x10), MockPi4j.drain(bus()), "the set-up commands went out");
    }

    @Test
    void withoutASensorTheScheduleGivesDayAndNightLevels() {
        BrightnessSchedule fallback = new BrightnessSchedule(LocalTime.of(6, 0), LocalTime.of(18, 0), 0.9, 0.25);
        BrightnessControl control = new BrightnessControl(null, "hardware.light: cannot open I2C bus 1",
                new BrightnessCurve(0.1, 1.0, 10, 10_000, Duration.ZERO), fallback, () -> WIB);
        BrightnessStatus day = control.sample(NOON);
        assertEquals(0.9, day.level(), 1e-9);
        assertEquals(BrightnessStatus.Source.SCHEDULE, day.source());
        assertEquals("hardware.light: cannot open I2C bus 1", day.fault());
        assertEquals(0.25, control.sample(NIGHT).level(), 1e-9);
    }
}
