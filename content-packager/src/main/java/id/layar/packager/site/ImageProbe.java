package id.layar.packager.site;

import id.layar.packager.Msg;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks that a media file is a PNG or JPEG whose header can be read and whose size is sane, without
 * decoding its pixels (the build decodes them, and reports a corrupt body then).
 */
final class ImageProbe {
    /** Larger source images are refused: decoding them could exhaust the packager's memory. */
    static final long MAX_PIXELS = 50_000_000L;

    private ImageProbe() {
    }

    /** Null when fine, else what was found instead. */
    static Msg problem(Path file) {
        String format;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8);
            format = format(head);
            if (format == null) {
                return Msg.of("found.notImage", hex(head));
            }
        } catch (IOException e) {
            return Msg.of("found.unreadable", e.getMessage());
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            if (in == null || !readers.hasNext()) {
                return Msg.of("found.unreadable", format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w * h > MAX_PIXELS) {
                    return Msg.of("found.imageTooLarge", format.toUpperCase(java.util.Locale.ROOT), w, h, MAX_PIXELS);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Msg.of("found.corruptImage", format.toUpperCase(java.util.Locale.ROOT),
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return null;
    }

    static String format(byte[] head) {
        if (head.length >= 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                && head[4] == '\r' && head[5] == '\n' && head[6] == 0x1A && head[7] == '\n') {
            return "png";
        }
        if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return "jpeg";
        }
        return null;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(sb.isEmpty() ? "" : " ").append(String.format("%02X", x & 0xFF));
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
