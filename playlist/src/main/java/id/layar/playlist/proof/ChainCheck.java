package id.layar.playlist.proof;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks one device's proof-of-play records, given in {@code seq} order from its first record: every {@code seq}
 * present once, every {@code prev} linking to the record before, every hash matching its record.
 */
public final class ChainCheck {
    private ChainCheck() {
    }

    /** A break in the chain, located by the {@code seq} where it shows. */
    public record Break(String device, long seq, String problem) {
        @Override
        public String toString() {
            return device + " seq " + seq + ": " + problem;
        }
    }

    /**
     * The breaks in {@code records} (one device, ascending {@code seq}, starting at 1); empty when the chain is whole.
     *
     * @param records one device's records in ascending seq order
     */
    public static List<Break> check(Iterable<PlayRecord> records) {
        List<Break> breaks = new ArrayList<>();
        long expectedSeq = 1;
        String expectedPrev = PlayRecord.GENESIS;
        String device = null;
        for (PlayRecord r : records) {
            if (device == null) {
                device = r.device();
            } else if (!device.equals(r.device())) {
                throw new IllegalArgumentException("records of " + device + " and " + r.device() + " mixed; check one device at a time");
            }
            if (r.seq() < expectedSeq) {
                breaks.add(new Break(device, r.seq(), "duplicate or out of order (expected seq " + expectedSeq + ")"));
                continue;
            }
            if (r.seq() > expectedSeq) {
                long missing = r.seq() - expectedSeq;
                breaks.add(new Break(device, expectedSeq, missing == 1 ? "missing" : "missing " + missing + " records ("
                        + expectedSeq + ".." + (r.seq() - 1) + ")"));
            } else if (!r.prev().equals(expectedPrev)) {
                breaks.add(new Break(device, r.seq(), "prev does not match the hash of seq " + (r.seq() - 1)
                        + " (a record before it was edited or replaced)"));
            }
            if (!r.hashMatches()) {
                breaks.add(new Break(device, r.seq(), "hash does not match the record (edited)"));
            }
            expectedSeq = r.seq() + 1;
            expectedPrev = r.hash();
        }
        return breaks;
    }
}
