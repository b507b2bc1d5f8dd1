package id.layar.agent.hardware;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The GPIOs on the Raspberry Pi's 40-pin header (the same on the 3B+, 4, 5 and Zero 2 W), each with its header pin
 * number and what else may claim it. Named data: {@code hardware-notes/wiring.md} has the same table, and
 * {@link HardwareConfig} checks configured pins against it.
 */
public final class Pins {
    private Pins() {
    }

    /** How badly a use of a pin clashes with using it as a plain GPIO. */
    public enum Clash {
        /** Never usable: reserved for the HAT ID EEPROM. */
        RESERVED,
        /** Taken whenever the bus is enabled (I2C1, SPI0), as it is on most installs: a problem if this config uses the bus, a warning otherwise. */
        BUS,
        /** Taken only if the board is set up that way (UART console, 1-Wire, SPI1, audio or PWM overlays, HATs): a warning. */
        OPTIONAL
    }

    /**
     * Something else that may use a pin.
     *
     * @param function like "I2C1 SDA" or "SPI0 MOSI"
     * @param clash    how it clashes
     */
    public record Use(String function, Clash clash) {
    }

    /**
     * A GPIO on the header.
     *
     * @param bcm      the GPIO number (BCM), which the config keys use
     * @param physical the header pin number (1-40)
     * @param uses     other functions of the pin
     */
    public record Pin(int bcm, int physical, List<Use> uses) {
        /** "GPIO17 (pin 11)". */
        public String label() {
            return "GPIO" + bcm + " (pin " + physical + ")";
        }
    }

    private static Use bus(String f) {
        return new Use(f, Clash.BUS);
    }

    private static Use opt(String f) {
        return new Use(f, Clash.OPTIONAL);
    }

    private static final Map<Integer, Pin> HEADER = new TreeMap<>();

    private static void pin(int bcm, int physical, Use... uses) {
        HEADER.put(bcm, new Pin(bcm, physical, List.of(uses)));
    }

    static {
        pin(0, 27, new Use("HAT ID EEPROM data (ID_SD)", Clash.RESERVED));
        pin(1, 28, new Use("HAT ID EEPROM clock (ID_SC)", Clash.RESERVED));
        pin(2, 3, bus("I2C1 SDA, the light sensor's data line (fixed 1.8 kOhm pull-up)"));
        pin(3, 5, bus("I2C1 SCL, the light sensor's clock line (fixed 1.8 kOhm pull-up)"));
        pin(4, 7, opt("1-Wire (the w1-gpio overlay's default pin)"), opt("GPCLK0"));
        pin(5, 29);
        pin(6, 31);
        pin(7, 26, bus("SPI0 CE1 (chip-select 1)"));
        pin(8, 24, bus("SPI0 CE0 (chip-select 0)"));
        pin(9, 21, bus("SPI0 MISO"));
        pin(10, 19, bus("SPI0 MOSI, the LED matrix's data line"));
        pin(11, 23, bus("SPI0 SCLK, the LED matrix's clock line"));
        pin(12, 32, opt("PWM0 (audio or PWM overlays)"));
        pin(13, 33, opt("PWM1 (audio or PWM overlays)"));
        pin(14, 8, opt("UART TX (serial console)"));
        pin(15, 10, opt("UART RX (serial console)"));
        pin(16, 36, opt("SPI1 CE2 (only with an spi1 overlay)"));
        pin(17, 11, opt("SPI1 CE1 (only with an spi1 overlay)"));
        pin(18, 12, opt("SPI1 CE0 (only with an spi1 overlay)"), opt("PCM/I2S clock (audio HATs)"), opt("PWM0"));
        pin(19, 35, opt("SPI1 MISO (only with an spi1 overlay)"), opt("PCM/I2S frame sync (audio HATs)"), opt("PWM1"));
        pin(20, 38, opt("SPI1 MOSI (only with an spi1 overlay)"), opt("PCM/I2S data in (audio HATs)"));
        pin(21, 40, opt("SPI1 SCLK (only with an spi1 overlay)"), opt("PCM/I2S data out (audio HATs)"));
        pin(22, 15);
        pin(23, 16);
        pin(24, 18);
        pin(25, 22);
        pin(26, 37);
        pin(27, 13);
    }

    /** GPIOs with nothing else on them on a default Raspberry Pi OS: the ones to suggest. */
    public static final List<Integer> FREE = List.of(5, 6, 17, 22, 23, 24, 25, 26, 27);

    /** The pin with GPIO number {@code bcm}, or null when the header has no such GPIO. */
    public static Pin byBcm(int bcm) {
        return HEADER.get(bcm);
    }

    /** Every header GPIO, by GPIO number. */
    public static List<Pin> all() {
        return List.copyOf(HEADER.values());
    }

    /** The GPIOs an I2C bus takes on the header (bus 1 only; other buses are not on the header by default). */
    static List<Integer> i2cPins(int bus) {
        return bus == 1 ? List.of(2, 3) : List.of();
    }

    /** The GPIOs an SPI bus and chip select take (SPI0 or SPI1). */
    static List<Integer> spiPins(int bus, int chipSelect) {
        if (bus == 0) {
            return List.of(9, 10, 11, chipSelect == 1 ? 7 : 8);
        }
        if (bus == 1) {
            return List.of(19, 20, 21, chipSelect == 2 ? 16 : chipSelect == 1 ? 17 : 18);
        }
        return List.of();
    }
}
