package id.layar.render;

import java.awt.image.BufferedImage;

/**
 * Fits a picture to the panel. Resampling is separable convolution with a bicubic kernel (Catmull-Rom,
 * a = -0.5) whose support widens with the reduction factor, so a downscale averages every source pixel it
 * covers (no aliasing, no moiré from skipped pixels) and an upscale is smooth. Pure Java arithmetic, no
 * Java2D scaling: the same input gives the same pixels on every machine.
 */
public final class ImageFitter {
    private static final double SUPPORT = 2.0;

    private ImageFitter() {
    }

    /**
     * A {@code width x height} frame of {@code source}: {@link FitMode#FIT} letterboxes with black,
     * {@link FitMode#FILL} centre-crops, {@link FitMode#STRETCH} ignores the aspect ratio. Translucent pixels
     * are composited over black first.
     */
    public static Frame fit(BufferedImage source, int width, int height, FitMode mode) {
        if (source == null || mode == null) {
            throw new IllegalArgumentException("image and fit mode must be set");
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("target size must be at least 1x1; found " + width + "x" + height);
        }
        Frame src = Frame.of(source);
        int sw = src.width();
        int sh = src.height();
        return switch (mode) {
            case STRETCH -> resample(src, 0, 0, sw, sh, width, height);
            case FILL -> {
                double scale = Math.max((double) width / sw, (double) height / sh);
                double cw = width / scale;
                double ch = height / scale;
                double x0 = (sw - cw) / 2;
                double y0 = (sh - ch) / 2;
                yield resample(src, x0, y0, x0 + cw, y0 + ch, width, height);
            }
            case FIT -> {
                double scale = Math.min((double) width / sw, (double) height / sh);
                int cw = (int) Math.max(1, Math.min(width, Math.round(sw * scale)));
                int ch = (int) Math.max(1, Math.min(height, Math.round(sh * scale)));
                Frame inner = resample(src, 0, 0, sw, sh, cw, ch);
                if (cw == width && ch == height) {
                    yield inner;
                }
                Frame out = new Frame(width, height);
                int ox = (width - cw) / 2;
                int oy = (height - ch) / 2;
                for (int y = 0; y < ch; y++) {
                    System.arraycopy(inner.pixels(), y * cw, out.pixels(), (oy + y) * width + ox, cw);
                }
                yield out;
            }
        };
    }

    /** Resamples the source box [x0, x1) x [y0, y1) (fractional source pixels) to outW x outH. */
    static Frame resample(Frame src, double x0, double y0, double x1, double y1, int outW, int outH) {
        int sw = src.width();
        int sh = src.height();
        if (x0 == 0 && y0 == 0 && x1 == sw && y1 == sh && outW == sw && outH == sh) {
            return src.copy();
        }
        Coefficients horizontal = Coefficients.of(sw, x0, x1, outW);
        Coefficients vertical = Coefficients.of(sh, y0, y1, outH);
        // Only the source rows the vertical pass reads go through the horizontal pass.
        int rowFrom = vertical.start[0];
        int rowTo = vertical.start[outH - 1] + vertical.count[outH - 1];
        int[] mid = new int[(rowTo - rowFrom) * outW];
        int[] in = src.pixels();
        for (int y = rowFrom; y < rowTo; y++) {
            pass(in, y * sw, 1, horizontal, mid, (y - rowFrom) * outW, 1);
        }
        int[] out = new int[outW * outH];
        for (int x = 0; x < outW; x++) {
            // Column x of mid, row offsets shifted so the coefficients' source indices (absolute rows) line up.
            pass(mid, x - rowFrom * outW, outW, vertical, out, x, outW);
        }
        return new Frame(outW, outH, out);
    }

    /**
     * One 1-D convolution: output sample i (at {@code dst[dstBase + i * dstStride]}) is the weighted sum of
     * {@code src[srcBase + j * srcStride]} for the source indices j the coefficients give.
     */
    private static void pass(int[] src, int srcBase, int srcStride, Coefficients c, int[] dst, int dstBase,
                             int dstStride) {
        int k = c.kernelSize;
        for (int i = 0; i < c.start.length; i++) {
            float r = 0;
            float g = 0;
            float b = 0;
            int j = srcBase + c.start[i] * srcStride;
            for (int t = 0, wi = i * k; t < c.count[i]; t++, wi++, j += srcStride) {
                float w = c.weights[wi];
                int p = src[j];
                r += w * (p >>> 16 & 0xFF);
                g += w * (p >>> 8 & 0xFF);
                b += w * (p & 0xFF);
            }
            dst[dstBase + i * dstStride] = 0xFF000000 | clamp(r) << 16 | clamp(g) << 8 | clamp(b);
        }
    }

    private static int clamp(float v) {
        int i = (int) (v + 0.5f);
        return i < 0 ? 0 : Math.min(i, 255);
    }

    /** Catmull-Rom cubic (a = -0.5). */
    private static double cubic(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0;
    }

    /** For each output sample: the first source index, how many, and their normalised weights. */
    private static final class Coefficients {
        final int[] start;
        final int[] count;
        final float[] weights;
        final int kernelSize;

        private Coefficients(int[] start, int[] count, float[] weights, int kernelSize) {
            this.start = start;
            this.count = count;
            this.weights = weights;
            this.kernelSize = kernelSize;
        }

        static Coefficients of(int inSize, double in0, double in1, int outSize) {
            double scale = (in1 - in0) / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            int kernelSize = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[outSize];
            int[] count = new int[outSize];
            float[] weights = new float[outSize * kernelSize];
            double[] w = new double[kernelSize];
            for (int i = 0; i < outSize; i++) {
                double center = in0 + (i + 0.5) * scale;
                int from = Math.max(0, (int) Math.floor(center - support + 0.5));
                int to = Math.min(inSize, (int) Math.floor(center + support + 0.5));
                to = Math.min(to, from + kernelSize);
                double sum = 0;
                for (int j = from; j < to; j++) {
                    double v = cubic((j - center + 0.5) / filterScale);
                    w[j - from] = v;
                    sum += v;
                }
                if (sum == 0) {
                    // Degenerate (cannot happen with support >= 1): take the nearest pixel.
                    from = Math.min(inSize - 1, Math.max(0, (int) Math.floor(center)));
                    to = from + 1;
                    w[0] = sum = 1;
                }
                start[i] = from;
                count[i] = to - from;
                for (int j = 0; j < to - from; j++) {
                    weights[i * kernelSize + j] = (float) (w[j] / sum);
                }
            }
            return new Coefficients(start, count, weights, kernelSize);
        }
    }
}
