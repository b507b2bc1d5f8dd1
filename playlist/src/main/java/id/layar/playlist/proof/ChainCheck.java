package id.layar.playlist.proof;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks one chain of one device's proof-of-play records, given in {@code seq} order from its first record: every
 * {@code seq} present once, every {@code prev} linking to the record before, every hash matching its record.
 */
public final class ChainCheck {
    private ChainCheck() {
    }

    /** What is wrong where a chain breaks. */
    public enum Kind {
        /** {@link Break#count()} records are missing from {@link Break#seq()} on. */
        MISSING,
        /** A seq came again or out of order ({@link Break#count()} is the seq that was expected). */
        DUPLICATE,
        /** {@code prev} does not link to the record before: a record before it was edited or replaced. */
        RELINKED,
        /** The record's hash does not match its fields: it was edited. */
        EDITED,
        /**
         * The device began a new chain (its outbox was lost or reset): records of its earlier chain that had not
         * reached the broker are lost. Found by comparing chains, not by {@link #check}.
         */
        RESTARTED
    }

    /**
     * A break in a chain, located by the {@code seq} where it shows.
     *
     * @param count for {@link Kind#MISSING} how many records are missing; for {@link Kind#DUPLICATE} the seq that was
     *              expected; otherwise 0
     */
    public record Break(String device, String chain, long seq, Kind kind, long count) {
        /** The problem in English (logs, tests); user-facing tools word it from {@link #kind()} in their language. */
        public String problem() {
            return switch (kind) {
                case MISSING -> count == 1 ? "missing" : "missing " + count + " records (" + seq + ".." + (seq + count - 1) + ")";
                case DUPLICATE -> "duplicate or out of order (expected seq " + count + ")";
                case RELINKED -> "prev does not match the hash of seq " + (seq - 1) + " (a record before it was edited or replaced)";
                case EDITED -> "hash does not match the record (edited)";
                case RESTARTED -> "a new chain " + chain + " began: the device lost its outbox, and records of its earlier"
                        + " chain that had not reached the broker are lost";
            };
        }

        @Override
        public String toString() {
            return device + " chain " + chain + " seq " + seq + ": " + problem();
        }
    }

    /**
     * The breaks in {@code records} (one device, one chain, ascending {@code seq}, starting at 1); empty when whole.
     *
     * @param records one chain's records in ascending seq order
     * @throws IllegalArgumentException when records of several devices or chains are mixed
     */
    public static List<Break> check(Iterable<PlayRecord> records) {
        List<Break> breaks = new ArrayList<>();
        long expectedSeq = 1;
        String expectedPrev = PlayRecord.GENESIS;
        String device = null;
        String chain = null;
        for (PlayRecord r : records) {
            if (device == null) {
                device = r.device();
                chain = r.chain();
            } else if (!device.equals(r.device()) || !chain.equals(r.chain())) {
                throw new IllegalArgumentException("records of " + device + "/" + chain + " and " + r.device() + "/"
                        + r.chain() + " mixed; check one chain of one device at a time");
            }
            if (r.seq() < expectedSeq) {
                breaks.add(new Break(device, chain, r.seq(), Kind.DUPLICATE, expectedSeq));
                continue;
            }
            if (r.seq() > expectedSeq) {
                breaks.add(new Break(device, chain, expectedSeq, Kind.MISSING, r.seq() - expectedSeq));
            } else if (!r.prev().equals(expectedPrev)) {
                breaks.add(new Break(device, chain, r.seq(), Kind.RELINKED, 0));
            }
            if (!r.hashMatches()) {
                breaks.add(new Break(device, chain, r.seq(), Kind.EDITED, 0));
            }
            expectedSeq = r.seq() + 1;
            expectedPrev = r.hash();
        }
        return breaks;
    }
}
