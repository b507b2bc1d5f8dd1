package id.layar.render;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Lossless PNG for frames. Encoding is deterministic (the same frame always gives the same bytes: no
 * timestamps, no metadata), so a blob's SHA-256 depends only on its pixels.
 *
 * <p>Streams are cached in memory, never in temporary files, so nothing is written to a device's card.
 */
public final class Png {
    /** The PNG file signature. */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /**
     * The largest image {@link #decode} accepts, in pixels (256 MiB as ints). A header claiming more is
     * refused before any pixel is allocated; a ticker strip that would need more is refused when it is made.
     */
    public static final long MAX_PIXELS = 1L << 26;

    private Png() {
    }

    /** The frame as an 8-bit RGB PNG. */
    public static byte[] encode(Frame f) {
        ImageWriter writer = writer();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(f.width() * f.height() / 4 + 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(f.toImage());
        } catch (IOException e) {
            // Memory only: this cannot happen short of a broken JDK.
            throw new UncheckedIOException("encoding a " + f.sizeText() + " frame as PNG failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a PNG into an opaque frame.
     *
     * @throws IllegalArgumentException naming what is wrong: not a PNG, truncated or corrupt, too large
     */
    public static Frame decode(byte[] png) {
        if (png.length < SIGNATURE.length) {
            throw new IllegalArgumentException("not a PNG: only " + png.length + " bytes");
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (png[i] != SIGNATURE[i]) {
                throw new IllegalArgumentException("not a PNG: the file does not start with the PNG signature"
                        + " 89 50 4E 47 0D 0A 1A 0A; found " + hex(png, SIGNATURE.length));
            }
        }
        ImageReader reader = reader();
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
            reader.setInput(in, true, true);
            long w = reader.getWidth(0);
            long h = reader.getHeight(0);
            if (w * h > MAX_PIXELS) {
                throw new IllegalArgumentException("PNG is " + w + "x" + h + " pixels; at most " + MAX_PIXELS
                        + " pixels are accepted");
            }
            return Frame.of(reader.read(0));
        } catch (IIOException e) {
            throw new IllegalArgumentException("corrupt PNG (" + png.length + " bytes): " + describe(e), e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // The JDK's decoder reports some malformed chunks with unchecked exceptions.
            throw new IllegalArgumentException("corrupt PNG (" + png.length + " bytes): " + describe(e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt PNG (" + png.length + " bytes): "
                    + describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Reads the whole stream and decodes it (see {@link #decode(byte[])}).
     *
     * @throws IOException              if reading the stream fails
     * @throws IllegalArgumentException if the bytes are not a valid PNG
     */
    public static Frame decode(InputStream in) throws IOException {
        return decode(in.readAllBytes());
    }

    private static ImageWriter writer() {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("png");
        if (!it.hasNext()) {
            throw new IllegalStateException("this Java runtime has no PNG writer (javax.imageio)");
        }
        return it.next();
    }

    private static ImageReader reader() {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("png");
        if (!it.hasNext()) {
            throw new IllegalStateException("this Java runtime has no PNG reader (javax.imageio)");
        }
        return it.next();
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(": ");
            }
            sb.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return sb.toString();
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
