package id.layar.render;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
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
     * The frame as an 8-bit RGB PNG carrying {@code text} as {@code tEXt} chunks right after the header, in the
     * map's order. Still deterministic: the same frame and text always give the same bytes. Keywords are 1-79
     * printable Latin-1 characters; texts are Latin-1 without NUL.
     */
    public static byte[] encode(Frame f, Map<String, String> text) {
        byte[] png = encode(f);
        if (text.isEmpty()) {
            return png;
        }
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : text.entrySet()) {
            byte[] data = textChunkData(e.getKey(), e.getValue());
            chunks.writeBytes(chunk("tEXt", data));
        }
        // The signature (8 bytes) and IHDR (4 length + 4 type + 13 data + 4 CRC) come first.
        int split = SIGNATURE.length + 25;
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + chunks.size());
        out.write(png, 0, split);
        out.writeBytes(chunks.toByteArray());
        out.write(png, split, png.length - split);
        return out.toByteArray();
    }

    /**
     * The {@code tEXt} chunks of a PNG, keyword to text, in file order (the first of a repeated keyword wins).
     * Only the chunk structure is read, not the pixels.
     *
     * @throws IllegalArgumentException when the bytes are not a PNG or a chunk runs past the end
     */
    public static Map<String, String> text(byte[] png) {
        checkSignature(png);
        Map<String, String> out = new LinkedHashMap<>();
        int at = SIGNATURE.length;
        while (at + 12 <= png.length) {
            long length = readInt(png, at) & 0xFFFFFFFFL;
            String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (length > png.length - at - 12) {
                throw new IllegalArgumentException("corrupt PNG: chunk " + type + " at byte " + at + " claims " + length
                        + " bytes, past the end of the file");
            }
            if (type.equals("tEXt")) {
                int data = at + 8;
                int nul = data;
                while (nul < data + length && png[nul] != 0) {
                    nul++;
                }
                if (nul < data + length) {
                    String key = new String(png, data, nul - data, StandardCharsets.ISO_8859_1);
                    String value = new String(png, nul + 1, (int) (data + length - nul - 1), StandardCharsets.ISO_8859_1);
                    out.putIfAbsent(key, value);
                }
            }
            if (type.equals("IDAT") || type.equals("IEND")) {
                break; // text that matters to us precedes the pixels
            }
            at += (int) length + 12;
        }
        return out;
    }

    private static byte[] textChunkData(String keyword, String text) {
        if (keyword == null || keyword.isEmpty() || keyword.length() > 79 || !keyword.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            throw new IllegalArgumentException("PNG text keyword must be 1-79 printable ASCII characters; found '" + keyword + "'");
        }
        if (text == null || text.chars().anyMatch(c -> c == 0 || c > 0xFF)) {
            throw new IllegalArgumentException("PNG text for '" + keyword + "' must be Latin-1 without NUL");
        }
        byte[] k = keyword.getBytes(StandardCharsets.ISO_8859_1);
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] data = new byte[k.length + 1 + t.length];
        System.arraycopy(k, 0, data, 0, k.length);
        System.arraycopy(t, 0, data, k.length + 1, t.length);
        return data;
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[12 + data.length];
        writeInt(out, 0, data.length);
        System.arraycopy(typeBytes, 0, out, 4, 4);
        System.arraycopy(data, 0, out, 8, data.length);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeInt(out, 8 + data.length, (int) crc.getValue());
        return out;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void checkSignature(byte[] png) {
        if (png.length < SIGNATURE.length) {
            throw new IllegalArgumentException("not a PNG: only " + png.length + " bytes");
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (png[i] != SIGNATURE[i]) {
                throw new IllegalArgumentException("not a PNG: the file does not start with the PNG signature"
                        + " 89 50 4E 47 0D 0A 1A 0A; found " + hex(png, SIGNATURE.length));
            }
        }
    }

    /**
     * Decodes a PNG into an opaque frame.
     *
     * @throws IllegalArgumentException naming what is wrong: not a PNG, truncated or corrupt, too large
     */
    public static Frame decode(byte[] png) {
        checkSignature(png);
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
