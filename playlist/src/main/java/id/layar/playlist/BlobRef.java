package id.layar.playlist;

import java.util.regex.Pattern;

/**
 * A content-addressed blob named by a signed playlist: its SHA-256, exact size and media type.
 * The agent never uses bytes that do not match both, and never downloads more than {@code size}.
 */
public record BlobRef(String sha256, long size, String mediaType) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    /** Larger blobs are refused outright: a playlist cannot ask a device to fill its SD card. */
    public static final long MAX_SIZE = 4L * 1024 * 1024 * 1024;

    public BlobRef {
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("blob sha256 must be 64 lower-case hex digits; found '" + sha256 + "'");
        }
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("blob size must be 0.." + MAX_SIZE + "; found " + size);
        }
        if (mediaType == null || mediaType.isBlank() || mediaType.length() > 100) {
            throw new IllegalArgumentException("blob media type must be set");
        }
    }

    /** The blob's path below a bundle or store root: {@code blobs/sha256/<hex>}. */
    public String relativePath() {
        return "blobs/sha256/" + sha256;
    }
}
