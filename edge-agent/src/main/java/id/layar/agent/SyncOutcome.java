package id.layar.agent;

import java.util.Locale;

/**
 * How one sync cycle ended.
 *
 * @param kind    what happened
 * @param version the accepted version after the cycle (0 if none): what the wall plays from now on
 * @param detail  one line for technicians: what was fetched, refused or failed, and why
 */
public record SyncOutcome(Kind kind, long version, String detail) {
    public enum Kind {
        /** A newer playlist was verified, its blobs stored, and it now plays. */
        ACCEPTED,
        /** Nothing new: 304 Not Modified, or the same version as the one playing. */
        UNCHANGED,
        /** The origin offered content that fails the trust rules; the previous playlist keeps playing. */
        REJECTED,
        /** The origin could not be reached or misbehaved at the transport level; retried at the next poll. */
        FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
