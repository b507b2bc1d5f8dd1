package id.layar.render;

import java.awt.Transparency;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.WritableRaster;
import java.util.Arrays;

/**
 * An opaque frame: packed {@code 0xFFRRGGBB} pixels, row-major, no padding.
 *
 * <p>Mutable and not thread-safe: a frame belongs to one thread at a time. Readers ignore the alpha byte
 * ({@link #get} and {@link #samePixels} treat every pixel as opaque), so a caller writing into
 * {@link #pixels()} directly need not set it.
 */
public final class Frame {
    private static final int OPAQUE = 0xFF000000;

    private final int width;
    private final int height;
    private final int[] argb;

    /** A black frame. */
    public Frame(int width, int height) {
        this(width, height, blackPixels(width, height));
    }

    /** A frame over {@code argb}, which it takes ownership of (no copy). */
    public Frame(int width, int height, int[] argb) {
        int n = pixelCount(width, height);
        if (argb == null || argb.length != n) {
            throw new IllegalArgumentException("a " + width + "x" + height + " frame needs " + n + " pixels; found "
                    + (argb == null ? "null" : argb.length));
        }
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    private static int[] blackPixels(int width, int height) {
        int[] px = new int[pixelCount(width, height)];
        Arrays.fill(px, OPAQUE);
        return px;
    }

    private static int pixelCount(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("frame size must be at least 1x1; found " + width + "x" + height);
        }
        long n = (long) width * height;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("frame " + width + "x" + height + " is too large for one array");
        }
        return (int) n;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The live pixel array (row-major, {@code width * height}); writes show up in this frame. */
    public int[] pixels() {
        return argb;
    }

    /** The pixel at (x, y) as {@code 0xFFRRGGBB}. */
    public int get(int x, int y) {
        return argb[index(x, y)] | OPAQUE;
    }

    /** Sets the pixel at (x, y) to {@code rgb} ({@code 0xRRGGBB}; any alpha byte is replaced by opaque). */
    public void set(int x, int y, int rgb) {
        argb[index(x, y)] = rgb | OPAQUE;
    }

    private int index(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("(" + x + ", " + y + ") is outside the " + sizeText() + " frame");
        }
        return y * width + x;
    }

    /** Sets every pixel to {@code rgb}. */
    public void fill(int rgb) {
        Arrays.fill(argb, rgb | OPAQUE);
    }

    /** Copies {@code other}'s pixels into this frame; both must be the same size. Allocation-free. */
    public void copyFrom(Frame other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("cannot copy a " + other.sizeText() + " frame into a " + sizeText()
                    + " frame: sizes must match");
        }
        System.arraycopy(other.argb, 0, argb, 0, argb.length);
    }

    public Frame copy() {
        return new Frame(width, height, argb.clone());
    }

    /** Whether {@code other} has this size and the same colour at every pixel (alpha ignored). */
    public boolean samePixels(Frame other) {
        if (other == null || other.width != width || other.height != height) {
            return false;
        }
        int[] a = argb;
        int[] b = other.argb;
        for (int i = 0; i < a.length; i++) {
            if (((a[i] ^ b[i]) & 0xFFFFFF) != 0) {
                return false;
            }
        }
        return true;
    }

    /** A new {@code TYPE_INT_RGB} image with a copy of these pixels. */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(argb, 0, dst, 0, argb.length);
        return image;
    }

    /**
     * A frame with {@code image}'s pixels as opaque sRGB. Translucent pixels are composited over black,
     * so a transparent PNG shows on the wall the way it looks on a black page.
     */
    public static Frame of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[pixelCount(w, h)];
        WritableRaster raster = image.getRaster();
        switch (image.getType()) {
            case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB -> {
                // Data elements of these types are the packed pixels (a sub-image's offsets are honoured).
                raster.getDataElements(0, 0, w, h, out);
                if (image.getType() == BufferedImage.TYPE_INT_RGB) {
                    for (int i = 0; i < out.length; i++) {
                        out[i] |= OPAQUE;
                    }
                } else {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = overBlack(out[i]);
                    }
                }
            }
            case BufferedImage.TYPE_3BYTE_BGR -> {
                // Bands are R, G, B whatever the byte order in memory.
                byte[] row = new byte[w * 3];
                for (int y = 0, o = 0; y < h; y++) {
                    raster.getDataElements(0, y, w, 1, row);
                    for (int i = 0; i < row.length; i += 3) {
                        out[o++] = OPAQUE | (row[i] & 0xFF) << 16 | (row[i + 1] & 0xFF) << 8 | (row[i + 2] & 0xFF);
                    }
                }
            }
            case BufferedImage.TYPE_4BYTE_ABGR -> {
                byte[] row = new byte[w * 4];
                for (int y = 0, o = 0; y < h; y++) {
                    raster.getDataElements(0, y, w, 1, row);
                    for (int i = 0; i < row.length; i += 4) {
                        out[o++] = overBlack((row[i + 3] & 0xFF) << 24 | (row[i] & 0xFF) << 16
                                | (row[i + 1] & 0xFF) << 8 | (row[i + 2] & 0xFF));
                    }
                }
            }
            default -> {
                // Any other layout or colour space: let the colour model convert to sRGB.
                boolean alpha = image.getColorModel().getTransparency() != Transparency.OPAQUE;
                int[] row = new int[w];
                for (int y = 0, o = 0; y < h; y++) {
                    image.getRGB(0, y, w, 1, row, 0, w);
                    for (int x = 0; x < w; x++) {
                        out[o++] = alpha ? overBlack(row[x]) : row[x] | OPAQUE;
                    }
                }
            }
        }
        return new Frame(w, h, out);
    }

    /** Non-premultiplied ARGB composited over black, rounded to nearest. */
    private static int overBlack(int argb) {
        int a = argb >>> 24;
        if (a == 0xFF) {
            return argb;
        }
        if (a == 0) {
            return OPAQUE;
        }
        int r = ((argb >>> 16 & 0xFF) * a + 127) / 255;
        int g = ((argb >>> 8 & 0xFF) * a + 127) / 255;
        int b = ((argb & 0xFF) * a + 127) / 255;
        return OPAQUE | r << 16 | g << 8 | b;
    }

    String sizeText() {
        return width + "x" + height;
    }

    @Override
    public String toString() {
        return "Frame[" + sizeText() + "]";
    }
}
