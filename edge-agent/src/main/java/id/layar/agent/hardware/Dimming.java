package id.layar.agent.hardware;

/**
 * Brightness applied to pixel values: each channel multiplied by a fixed-point factor (23 fraction bits) and rounded, so nothing
 * is allocated per frame. {@link RowKernels#scale} does a whole row (with the Vector API where the JVM has it); the
 * 256-entry table (for outputs that map channels one by one) holds the same products. A step is rebuilt only when the
 * level changes and published as one immutable object, so the player thread and a brightness timer need no lock.
 *
 * <p>{@code level} is a share of <em>light</em>. Values sent over HDMI are gamma-encoded (the sender card decodes
 * them with a gamma near 2.2), so the framebuffer scales code values by {@code level^(1/2.2)}; APA102 PWM values
 * are linear, so the SPI matrix scales by {@code level} itself. Scaling pixels throws away colour depth at low
 * levels: an output with its own brightness control (the sender card's, the APA102 5-bit global brightness)
 * should use that first.
 */
public final class Dimming {
    /** The gamma a sender card decodes HDMI code values with. */
    public static final double HDMI_GAMMA = 2.2;
    /** For outputs whose values are light (APA102 PWM). */
    public static final double LINEAR = 1.0;

    private final double gamma;
    private volatile Step step;

    /** Fraction bits of {@link Step#multiplier}: as many as keep 255 x 1.0 plus the rounding half inside an int. */
    static final int SHIFT = 23;
    /** 1.0 in that fixed point. */
    static final int ONE = 1 << SHIFT;
    /** A half in that fixed point: the rounding term. */
    static final int HALF = 1 << SHIFT - 1;

    /**
     * One level, immutable once built.
     *
     * @param level      the share of light, 0..1
     * @param full       whether the step is the identity (nothing to do)
     * @param multiplier the code-value factor in fixed point: channel {@code v} becomes
     *                   {@link Dimming#scale scale(v, multiplier)}
     * @param table      that for every {@code v} of 0..255
     */
    public record Step(double level, boolean full, int multiplier, int[] table) {
        /** {@code rgb}'s three channels scaled; the alpha byte becomes 0xFF. */
        public int apply(int rgb) {
            int[] t = table;
            return 0xFF000000 | t[rgb >>> 16 & 0xFF] << 16 | t[rgb >>> 8 & 0xFF] << 8 | t[rgb & 0xFF];
        }

        /** One channel value (0..255) through the table. */
        public int channel(int v) {
            return table[v];
        }
    }

    /** One channel value (0..255) times a {@link Step#multiplier}, rounded: what the table and the row kernels hold. */
    static int scale(int v, int multiplier) {
        return (v * multiplier + HALF) >>> SHIFT;
    }

    public Dimming(double gamma) {
        if (!(gamma >= 1 && gamma <= 3)) {
            throw new IllegalArgumentException("gamma must be 1..3; found " + gamma);
        }
        this.gamma = gamma;
        this.step = build(1.0);
    }

    /** The current step; read it once per frame and use it for the whole frame. */
    public Step step() {
        return step;
    }

    public double level() {
        return step.level();
    }

    /** Sets the share of light; values outside 0..1 are clamped. Rebuilds the table only when the level changed. */
    public void setLevel(double level) {
        if (Double.isNaN(level)) {
            throw new IllegalArgumentException("brightness must be a number from 0 to 1; found NaN");
        }
        double l = Math.max(0, Math.min(1, level));
        if (l != step.level()) {
            step = build(l);
        }
    }

    private Step build(double level) {
        // Rounded up, so an exact half (0.31 x 50 = 15.5) still rounds up as Math.round does; any other value is
        // off from v x factor by less than 255 / 2^23.
        int m = level >= 1 ? ONE : (int) Math.ceil(Math.pow(level, 1 / gamma) * ONE);
        int[] t = new int[256];
        boolean identity = true;
        for (int v = 0; v < 256; v++) {
            t[v] = scale(v, m);
            identity &= t[v] == v;
        }
        return new Step(level, identity, m, t);
    }
}
