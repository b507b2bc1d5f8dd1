package id.layar.bench.onair;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The measured rounds of one mode (polling only, or with notification) and their percentiles. */
final class ModeResult {
    /** What counts as "over the goal" in the table: the 2 s. */
    static final Duration GOAL = Duration.ofSeconds(2);

    private final String mode;
    private final int agents;
    private final Duration deadline;
    private final List<OnAirDetector.Round> rounds = new ArrayList<>();
    private long notificationsMissing;
    private boolean notified;

    ModeResult(String mode, int agents, Duration deadline) {
        this.mode = mode;
        this.agents = agents;
        this.deadline = deadline;
    }

    /**
     * @param missing agents whose telemetry did not count a notification during the round (null: none was sent)
     */
    void add(OnAirDetector.Round r, Integer missing) {
        rounds.add(r);
        if (missing != null) {
            notified = true;
            notificationsMissing += missing;
        }
    }

    String mode() {
        return mode;
    }

    /** Every latency, sorted; a missed round counts as longer than any measured one. */
    long[] sorted() {
        long[] all = rounds.stream().flatMapToLong(r -> Arrays.stream(r.latencyNanos()))
                .map(l -> l < 0 ? Long.MAX_VALUE : l).sorted().toArray();
        return all;
    }

    /** The nearest-rank percentile (q in (0, 1]): the smallest latency that at least q of the samples do not exceed. */
    long percentile(double q) {
        long[] s = sorted();
        int rank = (int) Math.ceil(q * s.length);
        return s[Math.max(0, rank - 1)];
    }

    long overGoal() {
        return Arrays.stream(sorted()).filter(l -> l > GOAL.toNanos()).count();
    }

    long missed() {
        return rounds.stream().mapToLong(OnAirDetector.Round::missed).sum();
    }

    OnAirDetector.Sweeps sweeps() {
        return rounds.stream().map(OnAirDetector.Round::sweeps).reduce(OnAirDetector.Sweeps.NONE, OnAirDetector.Sweeps::plus);
    }

    static String header() {
        return "| mode | agents | rounds | samples | p50 | p90 | p99 | max | over 2 s | missed the deadline"
                + " | notification not received |\n|---|---|---|---|---|---|---|---|---|---|---|";
    }

    String row() {
        long[] s = sorted();
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s | %s | %d | %d (of %d s) | %s |", mode,
                agents, rounds.size(), s.length, time(percentile(0.50)), time(percentile(0.90)), time(percentile(0.99)),
                time(s[s.length - 1]), overGoal(), missed(), deadline.toSeconds(),
                notified ? Long.toString(notificationsMissing) : "(none sent)");
    }

    /** A latency for the table: milliseconds below 10 s, else seconds with one decimal; "missed" for a miss. */
    static String time(long nanos) {
        if (nanos == Long.MAX_VALUE) {
            return "missed";
        }
        double ms = nanos / 1e6;
        return ms < 10_000 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }
}
