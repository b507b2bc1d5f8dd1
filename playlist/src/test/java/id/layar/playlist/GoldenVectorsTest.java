package id.layar.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import id.layar.playlist.testing.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The golden bundle is produced by the packager's build path with {@link TestKeys} and fixed dates
 * (content-packager's GoldenVectorsTest regenerates and compares it byte for byte). Here the contract
 * module proves it still verifies, so a change to either side that breaks the other fails a build.
 */
class GoldenVectorsTest {
    static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenVectorsTest.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "missing golden vector " + name);
            return in.readAllBytes();
        }
    }

    @Test
    void goldenRootIsTheTestRootSignedByTheTestRootKey() throws Exception {
        TrustedRoot trust = TrustedRoot.load(golden("root.json"));
        assertEquals(Ed25519.keyId(TestKeys.ROOT.getPublic()), trust.root().role(Root.ROOT_ROLE).keyIds().iterator().next());
        assertEquals(java.util.Set.of(Ed25519.keyId(TestKeys.SIGNER.getPublic())), trust.root().role(Root.PLAYLIST_ROLE).keyIds());
    }

    @Test
    void goldenPlaylistVerifiesAndDecodesToTheFixedSite() throws Exception {
        TrustedRoot trust = TrustedRoot.load(golden("root.json"));
        Playlist p = trust.verifyPlaylist(golden("playlist.json"), "simpang-lima", 0, TestKeys.NOW).playlist();
        assertEquals(TestKeys.ISSUED, p.issued());
        assertEquals(TestKeys.EXPIRES, p.expires());
        assertEquals(new Panel(64, 32, 10), p.panel());
        assertEquals("Asia/Jakarta", p.timezone().getId());
        assertEquals(List.of(ItemKind.STILL, ItemKind.TICKER), p.items().stream().map(Item::kind).toList());
        for (Item i : p.items()) {
            BlobCheck.verify(i.blob(), golden(i.blob().relativePath()));
        }
        // The payload is already canonical: re-encoding the decoded model gives the signed bytes back.
        assertEquals(new String(Envelope.parse(golden("playlist.json")).payload(), java.nio.charset.StandardCharsets.UTF_8),
                new String(PlaylistCodec.encode(p), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void goldenPlaylistIsRefusedOnceExpired() throws Exception {
        TrustedRoot trust = TrustedRoot.load(golden("root.json"));
        Rejection r = assertThrows(Rejection.class, () -> trust.verifyPlaylist(golden("playlist.json"), "simpang-lima", 0, TestKeys.EXPIRES));
        assertEquals(Rejection.Reason.EXPIRED, r.reason());
    }
}
