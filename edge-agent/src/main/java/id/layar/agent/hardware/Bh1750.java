package id.layar.agent.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.io.IOException;

/**
 * The BH1750 ambient light sensor on I2C (address {@code 0x23} with its ADDR pin low or open, {@code 0x5C} with ADDR
 * high). Runs in continuous high-resolution mode (opcode {@code 0x10}, 1 lx steps, a new value every ~120 ms): each
 * reading is two bytes, big-endian, and lux is {@code raw / 1.2}.
 *
 * <p>After any failure the next call sends power-on and the mode again, and the one after reads, so a sensor that lost
 * power and came back (it wakes powered down) recovers on its own within two samples.
 */
public final class Bh1750 implements LightSensor, AutoCloseable {
    public static final int ADDRESS_LOW = 0x23;
    public static final int ADDRESS_HIGH = 0x5C;
    /** The Pi4J id of the sensor's I2C device. */
    public static final String PI4J_ID = "layar-light";
    static final byte POWER_ON = 0x01;
    static final byte CONTINUOUS_HIGH_RES = 0x10;
    static final String KEY = "hardware.light";

    private final Context pi4j;
    private final I2C i2c;
    private final int bus;
    private final int address;
    private final byte[] buf = new byte[2];
    private boolean started;
    private String lastFault;

    /** Opens the sensor and starts measuring. A sensor that does not answer yet is retried on each reading. */
    public Bh1750(Context pi4j, int bus, int address) {
        this(pi4j, pi4j.create(I2C.newConfigBuilder(pi4j)
                .id(PI4J_ID)
                .name("BH1750 light sensor at 0x" + Integer.toHexString(address) + " on I2C bus " + bus)
                .bus(bus)
                .device(address)
                .build()), bus, address);
    }

    Bh1750(Context pi4j, I2C i2c, int bus, int address) {
        this.pi4j = pi4j;
        this.i2c = i2c;
        this.bus = bus;
        this.address = address;
        try {
            start();
        } catch (RuntimeException e) {
            // Not there yet (or miswired): readLux says so, and the schedule covers meanwhile.
            started = false;
        }
    }

    private void start() {
        i2c.write(POWER_ON);
        i2c.write(CONTINUOUS_HIGH_RES);
        started = true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>After a failure the first call only sets the sensor up again (power-on, mode) and reports the fault once
     * more: a BH1750 needs up to 180 ms before its first measurement, so the reading is taken at the next call.
     */
    @Override
    public synchronized double readLux() throws IOException {
        try {
            if (!started) {
                start();
                throw new IOException(lastFault != null ? lastFault
                        : describe() + " was set up again; its first reading comes at the next sample");
            }
            int n = i2c.read(buf, 0, 2);
            if (n != 2) {
                started = false;
                lastFault = describe() + " did not answer (got " + Math.max(0, n) + " of 2 bytes); " + hint();
                throw new IOException(lastFault);
            }
            lastFault = null;
            int raw = (buf[0] & 0xFF) << 8 | buf[1] & 0xFF;
            return raw / 1.2;
        } catch (RuntimeException e) {
            started = false;
            lastFault = describe() + " failed: " + e.getMessage() + "; " + hint();
            throw new IOException(lastFault, e);
        }
    }

    private String hint() {
        return "check the wiring (SDA to GPIO2 = pin 3, SCL to GPIO3 = pin 5, VCC to 3.3 V = pin 1, GND), the address"
                + " (ADDR low or open = 0x23, high = 0x5C: hardware.light.address) and that 'i2cdetect -y " + bus
                + "' shows it";
    }

    @Override
    public String describe() {
        return "BH1750 at 0x" + Integer.toHexString(address) + " on I2C bus " + bus;
    }

    @Override
    public void close() {
        try {
            if (pi4j != null && pi4j.registry().exists(i2c.id())) {
                pi4j.shutdown(i2c.id());
            } else {
                i2c.close();
            }
        } catch (RuntimeException e) {
            // Released with the context anyway.
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
