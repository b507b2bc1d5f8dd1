package id.layar.agent.hardware;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels} on the Vector API: a whole register of pixels at a time (4 on a Pi's 128-bit NEON, 8 or 16 on
 * x86). Loaded only when the JVM has {@code jdk.incubator.vector} (see {@link RowKernels#best()}); the species are
 * constants so the JIT compiles the loops to vector instructions. The tail that does not fill a register goes
 * through the same arithmetic one pixel at a time.
 */
final class VectorRowKernels extends RowKernels {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> SHORTS =
            VectorSpecies.of(short.class, VectorShape.forBitSize(INTS.vectorBitSize() / 2));

    @Override
    public void pack565(int[] src, int off, short[] dst, int n) {
        int i = 0;
        for (int upper = INTS.loopBound(n); i < upper; i += INTS.length()) {
            IntVector p = IntVector.fromArray(INTS, src, off + i);
            IntVector v = p.lanewise(VectorOperators.LSHR, 8).and(0xF800)
                    .or(p.lanewise(VectorOperators.LSHR, 5).and(0x07E0))
                    .or(p.lanewise(VectorOperators.LSHR, 3).and(0x001F));
            ((ShortVector) v.convertShape(VectorOperators.I2S, SHORTS, 0)).intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] = rgb565(src[off + i]);
        }
    }

    @Override
    public void scale(int[] src, int off, int[] dst, int n, int multiplier) {
        int i = 0;
        for (int upper = INTS.loopBound(n); i < upper; i += INTS.length()) {
            IntVector p = IntVector.fromArray(INTS, src, off + i);
            IntVector r = channel(p.lanewise(VectorOperators.LSHR, 16), multiplier);
            IntVector g = channel(p.lanewise(VectorOperators.LSHR, 8), multiplier);
            IntVector b = channel(p, multiplier);
            r.lanewise(VectorOperators.LSHL, 16).or(g.lanewise(VectorOperators.LSHL, 8)).or(b).or(0xFF000000)
                    .intoArray(dst, i);
        }
        for (; i < n; i++) {
            int p = src[off + i];
            dst[i] = 0xFF000000 | Dimming.scale(p >>> 16 & 0xFF, multiplier) << 16
                    | Dimming.scale(p >>> 8 & 0xFF, multiplier) << 8 | Dimming.scale(p & 0xFF, multiplier);
        }
    }

    /** {@link Dimming#scale} on the low byte of every lane. */
    private static IntVector channel(IntVector v, int multiplier) {
        return v.and(0xFF).mul(multiplier).add(Dimming.HALF).lanewise(VectorOperators.LSHR, Dimming.SHIFT);
    }

    @Override
    public String name() {
        return "vector (" + INTS.vectorBitSize() + "-bit)";
    }
}
