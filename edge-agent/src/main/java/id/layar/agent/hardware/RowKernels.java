package id.layar.agent.hardware;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-pixel loops of the HDMI output, a row at a time: packing {@code 0xRRGGBB} into RGB565 for a 16-bit
 * framebuffer, and scaling channels for brightness ({@link Dimming}).
 *
 * <p>Java 17's JIT does not vectorise either loop (the narrowing to 16 bits, the per-channel multiply), so plain Java
 * runs them at about a tenth of a row copy. When the JVM was started with {@code --add-modules jdk.incubator.vector}
 * (the {@code signage-agent} launcher does for {@code run}), {@link #best()} returns kernels on the Vector API (NEON on
 * a Pi, AVX on x86), about ten times faster; without it, the plain loops. Both write the same values; tests compare
 * them on every colour and every row length.
 */
public abstract class RowKernels {
    private static final Logger LOG = LoggerFactory.getLogger(RowKernels.class);
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static volatile RowKernels best;

    /** Packs {@code n} pixels from {@code src[off..]} as RGB565 into {@code dst[0..n)}; alpha is ignored. */
    public abstract void pack565(int[] src, int off, short[] dst, int n);

    /**
     * Scales the channels of {@code n} pixels from {@code src[off..]} into {@code dst[0..n)} by a {@link Dimming}
     * multiplier, as {@link Dimming#scale} does one channel; alpha becomes 0xFF.
     */
    public abstract void scale(int[] src, int off, int[] dst, int n, int multiplier);

    /** A short name for logs and the benchmark: {@code vector (128-bit)} or {@code plain}. */
    public abstract String name();

    /** One pixel as RGB565: red in the top 5 bits, green the middle 6, blue the low 5. */
    public static short rgb565(int rgb) {
        return (short) (rgb >> 8 & 0xF800 | rgb >> 5 & 0x07E0 | rgb >> 3 & 0x001F);
    }

    /** The plain loops: run everywhere. */
    public static RowKernels plain() {
        return Plain.INSTANCE;
    }

    /** The Vector API kernels when the JVM has {@code jdk.incubator.vector}, else {@link #plain()}. */
    public static RowKernels best() {
        RowKernels b = best;
        if (b == null) {
            b = vector();
            if (b == null) {
                b = plain();
                LOG.info("HDMI output: 16-bit packing and brightness use plain loops; start Java with --add-modules {}"
                        + " (the signage-agent launcher does for run) for the faster vector kernels", VECTOR_MODULE);
            }
            best = b;
        }
        return b;
    }

    /** The Vector API kernels, or null when the module is not in the boot layer (or fails to load). */
    static RowKernels vector() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return null;
        }
        try {
            return new VectorRowKernels();
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("the Vector API is present but unusable ({}); the HDMI output uses plain loops", e.toString());
            return null;
        }
    }

    @Override
    public String toString() {
        return "RowKernels[" + name() + "]";
    }

    private static final class Plain extends RowKernels {
        static final Plain INSTANCE = new Plain();

        @Override
        public void pack565(int[] src, int off, short[] dst, int n) {
            for (int i = 0; i < n; i++) {
                dst[i] = rgb565(src[off + i]);
            }
        }

        @Override
        public void scale(int[] src, int off, int[] dst, int n, int multiplier) {
            for (int i = 0; i < n; i++) {
                int p = src[off + i];
                dst[i] = 0xFF000000 | Dimming.scale(p >>> 16 & 0xFF, multiplier) << 16
                        | Dimming.scale(p >>> 8 & 0xFF, multiplier) << 8 | Dimming.scale(p & 0xFF, multiplier);
            }
        }

        @Override
        public String name() {
            return "plain";
        }
    }
}
