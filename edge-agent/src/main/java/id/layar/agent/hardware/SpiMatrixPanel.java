package id.layar.agent.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiMode;
import id.layar.render.Frame;
import id.layar.render.PanelPort;

/**
 * A small LED matrix of APA102 or SK9822 LEDs on the Pi's SPI bus (village offices, kiosks): no sender card, the
 * agent clocks every LED itself.
 *
 * <p>One frame on the wire, for {@code n} LEDs:
 * <ol>
 *   <li>a start frame of 32 zero bits;</li>
 *   <li>per LED, in chain order ({@link MatrixLayout}), a byte {@code 0xE0 | brightness} (5-bit global brightness)
 *       then blue, green and red;</li>
 *   <li>a reset frame of 32 zero bits;</li>
 *   <li>an end frame of {@code ceil(n / 16)} zero bytes: at least n/2 more clock edges.</li>
 * </ol>
 *
 * <p>Why not the datasheets' end frame of 32 one bits: the SK9822 datasheet copies the APA102's, but a measured
 * SK9822 (Tim, "cpldcpu", <i>SK9822 - a clone of the APA102?</i>, 2016) moves received values into its PWM only when
 * the <em>next</em> start frame (32 zero bits) arrives, so with a 0xFF end frame every frame shows one frame late and
 * the last one before the player idles (the black at panel-off, the blanking at open) never shows. The framing above
 * is the one proposed there for both chips: the reset frame latches an SK9822 at once and is just another start
 * frame to an APA102, which shows its values as it receives them. Each LED passes the data on half a clock late, so
 * the last of n LEDs needs n/2 clock edges after the data to get its frame (and, on SK9822, the reset frame): the end
 * frame gives them. Zeros rather than ones, because a chain longer than {@code n} reads 32 one bits as a full-white
 * LED frame, while zeros are only start frames to it. APA102 ignores chip select, so the frame may be split into
 * several transfers: it goes out in pieces of at most {@value #MAX_TRANSFER} bytes, the spidev driver's default
 * buffer.
 *
 * <p>Brightness uses the LEDs' own 5-bit global brightness ({@code round(level * 31)}), which dims without losing
 * colour depth; below 1/31 the global brightness stays at 1 and the pixel values are scaled as well. Pixel values go
 * out as they are (no gamma correction), as most APA102 drivers do.
 *
 * <p>{@link #show} allocates nothing; one player thread shows frames, {@link #setBrightness} may be called from any.
 */
public final class SpiMatrixPanel implements PanelPort, Dimmable, AutoCloseable {
    /** The most bytes handed to the driver at once: spidev's default {@code bufsiz}. */
    public static final int MAX_TRANSFER = 4096;
    /** The Pi4J id of the SPI device. */
    public static final String PI4J_ID = "layar-matrix";
    static final String KEY = "hardware.spi";
    /** 32 zero bits before the LED data. */
    static final int START_FRAME_BYTES = 4;
    /** 32 zero bits after the LED data: latches an SK9822 now instead of at the next frame. */
    static final int RESET_FRAME_BYTES = 4;

    /**
     * The SPI device.
     *
     * @param bus        SPI bus: 0 is SPI0 on GPIO10 (MOSI) and GPIO11 (SCLK)
     * @param chipSelect chip-select line of the bus (0 or 1 on SPI0); APA102 ignores it, but the driver claims it
     * @param speedHz    clock rate; APA102 take several MHz, long or unshielded wires need less
     */
    public record Settings(int bus, int chipSelect, int speedHz) {
        public static final int DEFAULT_SPEED_HZ = 4_000_000;
        public static final int MIN_SPEED_HZ = 100_000;
        public static final int MAX_SPEED_HZ = 32_000_000;
    }

    /** What goes to the LEDs for one level. */
    private record Drive(double level, int global, Dimming.Step residual) {
    }

    private final Context pi4j;
    private final Spi spi;
    private final MatrixLayout layout;
    private final int[] order;
    private final byte[] wire;
    private final int ledEnd;
    private final Dimming residual = new Dimming(Dimming.LINEAR);
    private volatile Drive drive;
    private boolean closed;

    /**
     * Opens the SPI device through Pi4J and blanks the matrix (LEDs hold random colours after power-up).
     *
     * @throws com.pi4j.io.exception.IOException or another runtime exception from Pi4J when the device cannot be
     *                                           opened; {@link #open} turns that into a message with the fix
     */
    public SpiMatrixPanel(Context pi4j, MatrixLayout layout, Settings settings) {
        this(pi4j, pi4j.create(Spi.newConfigBuilder(pi4j)
                .id(PI4J_ID)
                .name("LED matrix (APA102/SK9822) " + layout)
                .bus(SpiBus.getByNumber(settings.bus()))
                .chipSelect(SpiChipSelect.getByNumber(settings.chipSelect()))
                .baud(settings.speedHz())
                .mode(SpiMode.MODE_0)
                .build()), layout);
    }

    SpiMatrixPanel(Context pi4j, Spi spi, MatrixLayout layout) {
        this.pi4j = pi4j;
        this.spi = spi;
        this.layout = layout;
        this.order = layout.pixelOrder();
        int n = layout.ledCount();
        this.ledEnd = START_FRAME_BYTES + 4 * n;
        // Start, reset and end frames are all zeros: a new array already holds them; show() writes only the LEDs.
        this.wire = new byte[ledEnd + RESET_FRAME_BYTES + endFrameBytes(n)];
        this.drive = drive(1.0);
        showBlack();
    }

    /**
     * Opens the matrix, turning Pi4J's failures into a message with the fix.
     *
     * @throws HardwareException when the SPI device cannot be opened
     */
    public static SpiMatrixPanel open(Context pi4j, MatrixLayout layout, Settings settings) throws HardwareException {
        try {
            return new SpiMatrixPanel(pi4j, layout, settings);
        } catch (RuntimeException e) {
            String dev = "/dev/spidev" + settings.bus() + "." + settings.chipSelect();
            throw new HardwareException("the SPI LED matrix on " + dev, KEY + ": cannot open " + dev + " ("
                    + e.getMessage() + "); enable SPI (dtparam=spi=on in /boot/firmware/config.txt, or 'sudo raspi-config"
                    + " nonint do_spi 0') and reboot, the user needs the spi group (the layar-agent service has it),"
                    + " and check that hardware.spi.bus and chip-select name a device that 'ls /dev/spidev*' lists", e);
        }
    }

    /** The end frame's length for {@code n} LEDs: {@code ceil(n / 16)} bytes, at least n/2 clock edges. */
    static int endFrameBytes(int n) {
        return (n + 15) / 16;
    }

    /** The number of bytes one frame takes on the wire. */
    public int frameBytes() {
        return wire.length;
    }

    public MatrixLayout layout() {
        return layout;
    }

    @Override
    public int width() {
        return layout.width();
    }

    @Override
    public int height() {
        return layout.height();
    }

    /** The 5-bit global brightness the LEDs get at the current level (0..31). */
    public int globalBrightness() {
        return drive.global();
    }

    @Override
    public void setBrightness(double level) {
        if (Double.isNaN(level)) {
            throw new IllegalArgumentException("brightness must be a number from 0 to 1; found NaN");
        }
        double l = Math.max(0, Math.min(1, level));
        if (l != drive.level()) {
            drive = drive(l);
        }
    }

    @Override
    public double brightness() {
        return drive.level();
    }

    private Drive drive(double level) {
        double steps = level * 31;
        int global;
        double scale;
        if (level <= 0) {
            global = 0;
            scale = 0;
        } else if (steps >= 1) {
            global = (int) Math.min(31, Math.round(steps));
            scale = 1;
        } else {
            global = 1;
            scale = steps;
        }
        residual.setLevel(scale);
        return new Drive(level, global, residual.step());
    }

    /**
     * Sends {@code frame} to the LEDs. Allocation-free.
     *
     * @throws IllegalArgumentException when the frame is not the matrix's size
     * @throws IllegalStateException    after {@link #close}
     */
    @Override
    public void show(Frame frame) {
        if (frame.width() != layout.width() || frame.height() != layout.height()) {
            throw new IllegalArgumentException("cannot show a " + frame.width() + "x" + frame.height() + " frame on the "
                    + layout.width() + "x" + layout.height() + " LED matrix: sizes must match");
        }
        if (closed) {
            throw new IllegalStateException("the LED matrix output is closed");
        }
        Drive d = drive;
        byte header = (byte) (0xE0 | d.global());
        int[] src = frame.pixels();
        int[] ord = order;
        byte[] out = wire;
        Dimming.Step dim = d.residual();
        if (dim.full()) {
            for (int i = 0, o = START_FRAME_BYTES; i < ord.length; i++, o += 4) {
                int p = src[ord[i]];
                out[o] = header;
                out[o + 1] = (byte) p;
                out[o + 2] = (byte) (p >>> 8);
                out[o + 3] = (byte) (p >>> 16);
            }
        } else {
            int[] t = dim.table();
            for (int i = 0, o = START_FRAME_BYTES; i < ord.length; i++, o += 4) {
                int p = src[ord[i]];
                out[o] = header;
                out[o + 1] = (byte) t[p & 0xFF];
                out[o + 2] = (byte) t[p >>> 8 & 0xFF];
                out[o + 3] = (byte) t[p >>> 16 & 0xFF];
            }
        }
        send();
    }

    private void showBlack() {
        for (int o = START_FRAME_BYTES; o < ledEnd; o += 4) {
            wire[o] = (byte) 0xE0;
            wire[o + 1] = 0;
            wire[o + 2] = 0;
            wire[o + 3] = 0;
        }
        send();
    }

    private void send() {
        for (int at = 0; at < wire.length; at += MAX_TRANSFER) {
            spi.write(wire, at, Math.min(MAX_TRANSFER, wire.length - at));
        }
    }

    /** Releases the SPI device (the LEDs keep showing the last frame). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (pi4j != null && pi4j.registry().exists(spi.id())) {
                pi4j.shutdown(spi.id());
            } else {
                spi.close();
            }
        } catch (RuntimeException e) {
            // Released with the context at shutdown anyway.
        }
    }

    @Override
    public String toString() {
        return "SpiMatrixPanel[" + layout + ", " + wire.length + " bytes per frame]";
    }
}
