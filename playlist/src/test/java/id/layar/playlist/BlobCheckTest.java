package id.layar.playlist;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import id.layar.playlist.Rejection.Reason;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BlobCheckTest {
    private static final byte[] DATA = "gambar panel".getBytes(StandardCharsets.UTF_8);
    private static final BlobRef REF = new BlobRef(HexFormat.of().formatHex(Ed25519.sha256(DATA)), DATA.length, "image/png");

    @Test
    void acceptsExactBytes() {
        assertDoesNotThrow(() -> BlobCheck.verify(REF, DATA));
    }

    @Test
    void rejectsBlobWhoseHashDiffers() {
        byte[] other = DATA.clone();
        other[0] ^= 1;
        assertEquals(Reason.BLOB_MISMATCH, assertThrows(Rejection.class, () -> BlobCheck.verify(REF, other)).reason());
    }

    @Test
    void stopsEndlessBodyAtTheNamedSize() throws Rejection {
        BlobCheck check = new BlobCheck(REF);
        check.update(DATA);
        assertEquals(Reason.BLOB_TOO_LARGE, assertThrows(Rejection.class, () -> check.update(new byte[1])).reason());
        assertEquals(DATA.length, check.count());
    }

    @Test
    void rejectsTruncatedBlob() throws Rejection {
        BlobCheck check = new BlobCheck(REF);
        check.update(DATA, 0, DATA.length - 1);
        assertEquals(Reason.BLOB_MISMATCH, assertThrows(Rejection.class, check::finish).reason());
    }

    @Test
    void blobRefRefusesPathTraversalInHash() {
        assertThrows(IllegalArgumentException.class, () -> new BlobRef("../../etc/passwd", 1, "image/png"));
    }
}
