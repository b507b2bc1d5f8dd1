package id.layar.bench.onair;

import id.layar.agent.StatusSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches one round from the calling thread: every {@code period} it reads {@code status().playing()} of each agent
 * that has not yet shown its channel's new item, and the first read that finds the item on the wall ends that agent's
 * latency. Its resolution is the time between two reads of the same agent (the period, stretched when a sweep or the
 * scheduler runs late): a latency is late by at most that, never early.
 */
final class OnAirDetector {
    /** How the detector itself ran: sweeps, their cost, and the longest time between two sweeps (the resolution). */
    record Sweeps(long count, long busyNanos, long longestSweepNanos, long longestGapNanos) {
        Sweeps plus(Sweeps o) {
            return new Sweeps(count + o.count, busyNanos + o.busyNanos, Math.max(longestSweepNanos, o.longestSweepNanos),
                    Math.max(longestGapNanos, o.longestGapNanos));
        }

        static final Sweeps NONE = new Sweeps(0, 0, 0, 0);
    }

    /** A round's result: per agent (in fleet order) the nanoseconds from its channel's publish to on air, or -1. */
    record Round(long[] latencyNanos, Sweeps sweeps) {
        int missed() {
            return (int) Arrays.stream(latencyNanos).filter(l -> l < 0).count();
        }
    }

    private OnAirDetector() {
    }

    /**
     * @param members    the agents
     * @param t0         per channel, {@link System#nanoTime()} just before its playlist was renamed into place
     * @param itemIds    per channel, the new version's item
     * @param deadline   an agent still without its item this long after its channel's publish has missed the round
     * @param period     how often to read the waiting agents' status
     */
    static Round measure(List<Fleet.Member> members, long[] t0, String[] itemIds, long deadline, long period) {
        long[] latency = new long[members.size()];
        Arrays.fill(latency, -1);
        List<Integer> waiting = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            waiting.add(i);
        }
        long count = 0;
        long busy = 0;
        long longestSweep = 0;
        long longestGap = 0;
        long previousStart = -1;
        long next = System.nanoTime();
        while (!waiting.isEmpty()) {
            long start = System.nanoTime();
            if (previousStart >= 0) {
                longestGap = Math.max(longestGap, start - previousStart);
            }
            previousStart = start;
            boolean anyInTime = false;
            for (java.util.Iterator<Integer> it = waiting.iterator(); it.hasNext(); ) {
                int i = it.next();
                Fleet.Member m = members.get(i);
                StatusSnapshot.Playing p = m.agent().status().playing();
                long now = System.nanoTime();
                long since = now - t0[m.channel()];
                if (p != null && p.id().equals(itemIds[m.channel()])) {
                    latency[i] = since;
                    it.remove();
                } else if (since <= deadline) {
                    anyInTime = true;
                }
            }
            long end = System.nanoTime();
            count++;
            busy += end - start;
            longestSweep = Math.max(longestSweep, end - start);
            if (!anyInTime) {
                break; // the rest have missed the deadline
            }
            next += period;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(sleep);
            } else {
                next = System.nanoTime(); // late: do not try to catch up with a burst of sweeps
            }
        }
        return new Round(latency, new Sweeps(count, busy, longestSweep, longestGap));
    }
}
