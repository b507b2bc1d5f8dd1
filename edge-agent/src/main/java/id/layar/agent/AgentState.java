package id.layar.agent;

import id.layar.playlist.TrustedRoot;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the syncer, the player and the technician API share: the accepted playlist (swapped atomically, read
 * by the player every frame) and the last outcomes for status. Thread-safe.
 */
final class AgentState {
    /** The playlist on the wall; null means black. */
    final AtomicReference<TrustedRoot.Verified> accepted = new AtomicReference<>();
    /** No playlist below this version is accepted (rollback), even when nothing plays. */
    volatile long floorVersion;
    volatile StatusSnapshot.LastSync lastSync;
    volatile StatusSnapshot.LastRejection lastRejection;
    /** Why the wall is black or stale, for status; cleared when a playlist is accepted. */
    volatile String problem;

    long acceptedVersion() {
        TrustedRoot.Verified v = accepted.get();
        return v == null ? 0 : v.playlist().version();
    }
}
