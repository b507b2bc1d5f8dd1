package id.layar.packager;

import id.layar.playlist.proof.PlayRecord;
import java.time.Instant;

/** Proof-of-play chains for tests, made with the playlist module's own {@link PlayRecord#next}. */
public final class ProofFixtures {
    public static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");
    /** The chain name the fixtures use (a device draws a random one). */
    public static final String CHAIN = "00000000000000a1";

    private ProofFixtures() {
    }

    /** Records 1..n of one device's whole chain, 12 s apart from {@link #T0}. */
    public static PlayRecord[] chain(String device, int n) {
        return chain(device, n, T0, 12);
    }

    /** Records 1..n of one device's whole chain, {@code everySeconds} apart from {@code start}. */
    public static PlayRecord[] chain(String device, int n, Instant start, long everySeconds) {
        PlayRecord[] out = new PlayRecord[n];
        String prev = PlayRecord.GENESIS;
        for (int i = 0; i < n; i++) {
            Instant s = start.plusSeconds(everySeconds * i);
            out[i] = PlayRecord.next(device, CHAIN, i + 1, "cegah-dbd", 4, s, s.plusSeconds(12), PlayRecord.Outcome.PLAYED, prev);
            prev = out[i].hash();
        }
        return out;
    }
}
