package id.layar.agent.hardware;

import java.io.IOException;

/** Ambient light, in lux. */
public interface LightSensor {
    /**
     * Reads the light level now. May block for a bus transaction (milliseconds): call it off the event loop.
     *
     * @throws IOException when the sensor does not answer or answers nonsense; the message says what to check
     */
    double readLux() throws IOException;

    /** What the sensor is, for status ("BH1750 at 0x23 on I2C bus 1"). */
    String describe();
}
