package id.layar.playlist;

import id.layar.playlist.Rejection.Reason;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks bytes against a {@link BlobRef} while they stream in: more bytes than named is refused at once
 * (an endless body cannot fill the disk), and {@link #finish()} demands the exact size and SHA-256.
 * Start at an offset to resume a partial download after re-hashing what is already on disk.
 */
public final class BlobCheck {
    private final BlobRef blob;
    private final MessageDigest digest;
    private long count;

    public BlobCheck(BlobRef blob) {
        this.blob = blob;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void update(byte[] bytes, int offset, int length) throws Rejection {
        if (count + length > blob.size()) {
            throw new Rejection(Reason.BLOB_TOO_LARGE, "blob " + blob.sha256() + " is larger than the " + blob.size() + " bytes the playlist names");
        }
        digest.update(bytes, offset, length);
        count += length;
    }

    public void update(byte[] bytes) throws Rejection {
        update(bytes, 0, bytes.length);
    }

    public long count() {
        return count;
    }

    public void finish() throws Rejection {
        if (count != blob.size()) {
            throw new Rejection(Reason.BLOB_MISMATCH, "blob " + blob.sha256() + " has " + count + " bytes; the playlist names " + blob.size());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(blob.sha256())) {
            throw new Rejection(Reason.BLOB_MISMATCH, "blob content hashes to " + actual + ", the playlist names " + blob.sha256());
        }
    }

    /** Checks a whole byte array at once. */
    public static void verify(BlobRef blob, byte[] bytes) throws Rejection {
        BlobCheck c = new BlobCheck(blob);
        c.update(bytes);
        c.finish();
    }
}
