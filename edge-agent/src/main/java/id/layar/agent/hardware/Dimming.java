package id.layar.agent.hardware;

/**
 * Brightness applied to pixel values through a 256-entry table per level, so a frame costs one table read per
 * colour channel and nothing is allocated per frame. The table is rebuilt (256 multiplications) only when the
 * level changes, and published as one immutable step, so the player thread and a brightness timer need no lock.
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

    /**
     * One level's table, immutable once built.
     *
     * @param level the share of light, 0..1
     * @param full  whether the table is the identity (nothing to do)
     */
    public record Step(double level, boolean full, int[] table) {
        /** {@code rgb}'s three channels through the table; the alpha byte becomes 0xFF. */
        public int apply(int rgb) {
            int[] t = table;
            return 0xFF000000 | t[rgb >>> 16 & 0xFF] << 16 | t[rgb >>> 8 & 0xFF] << 8 | t[rgb & 0xFF];
        }

        /** One channel value (0..255) through the table. */
        public int channel(int v) {
            return table[v];
        }
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
        double factor = level >= 1 ? 1 : Math.pow(level, 1 / gamma);
        int[] t = new int[256];
        boolean identity = true;
        for (int v = 0; v < 256; v++) {
            t[v] = (int) Math.round(v * factor);
            identity &= t[v] == v;
        }
        return new Step(level, identity, t);
    }
}
