package id.layar.agent.hardware;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpiProvider;
import java.util.ArrayList;
import java.util.List;

/** Pi4J contexts assembled from the mock plugin's providers, and ways to drive them. */
public final class MockPi4j {
    private MockPi4j() {
    }

    /** GPIO outputs, I2C and SPI, all mocked. */
    public static Context context() {
        return Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        MockI2CProvider.newInstance(), MockSpiProvider.newInstance())
                .build();
    }

    /** GPIO and SPI but no I2C provider: as on a Pi with I2C disabled. */
    static Context withoutI2c() {
        return Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(), MockSpiProvider.newInstance())
                .build();
    }

    /** I2C and SPI but no GPIO outputs: as when the agent's user may not use /dev/gpiochip0. */
    static Context withoutGpio() {
        return Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockI2CProvider.newInstance(), MockSpiProvider.newInstance())
                .build();
    }

    /**
     * Everything the host has written to the mock I2C device and the test has not read yet. The mock keeps one queue
     * for both directions: the host's writes go in, its reads take from the front.
     */
    static List<Integer> drain(I2C i2c) {
        List<Integer> out = new ArrayList<>();
        byte[] b = new byte[1];
        while (i2c.read(b, 0, 1) == 1) {
            out.add(b[0] & 0xFF);
        }
        return out;
    }

    /** Queues a BH1750 reading of {@code raw} (two bytes, big-endian) for the host's next read. */
    static void queueBh1750Raw(I2C i2c, int raw) {
        drain(i2c);
        i2c.write(new byte[] {(byte) (raw >> 8), (byte) raw}, 0, 2);
    }

    /** Queues a BH1750 reading of about {@code lux}. */
    static void queueLux(I2C i2c, double lux) {
        queueBh1750Raw(i2c, (int) Math.round(lux * 1.2));
    }
}
