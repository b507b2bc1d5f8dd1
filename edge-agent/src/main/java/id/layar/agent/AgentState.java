package id.layar.agent;

import id.layar.playlist.TrustedRoot;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the syncer, the player and the technician API share: the accepted playlist (swapped atomically, read
 * by the player every frame), the trust state and the last outcomes for status. Thread-safe.
 */
final class AgentState {
    /** The playlist on the wall; null means black. */
    final AtomicReference<TrustedRoot.Verified> accepted = new AtomicReference<>();
    /** The root playlists are verified with; replaced by rotation. */
    volatile TrustedRoot root;
    /** The trusted-time floor and the version floor (no playlist below it is accepted, even when nothing plays). */
    volatile StateStore.Trust trust = StateStore.Trust.NONE;
    /** The playlist in playlist.json when its signatures verify (even if a blob is damaged): its blobs are never evicted. */
    volatile TrustedRoot.Verified stored;
    volatile StatusSnapshot.LastSync lastSync;
    volatile StatusSnapshot.LastRejection lastRejection;
    /** When the next sync is due (system clock), null while one runs. */
    volatile Instant nextSync;
    volatile StatusSnapshot.Storage storage;
    /** Why the wall is black or stale, for status; cleared when a playlist is accepted. */
    volatile String problem;

    long acceptedVersion() {
        TrustedRoot.Verified v = accepted.get();
        return v == null ? 0 : v.playlist().version();
    }

    long floorVersion() {
        return trust.version();
    }
}
