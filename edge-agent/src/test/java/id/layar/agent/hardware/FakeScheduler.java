package id.layar.agent.hardware;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A scheduler on virtual time: nothing runs until {@link #advance}, which runs every task that falls due, in time
 * order (tasks may schedule more). Records every change of a watched state with its time, to compare timelines.
 */
final class FakeScheduler implements Scheduler {
    private record Task(long due, long seq, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>(Comparator.comparingLong(Task::due).thenComparingLong(Task::seq));
    private long now;
    private long seq;

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (delayMillis < 1) {
            throw new IllegalArgumentException("delay must be at least 1 ms; found " + delayMillis);
        }
        boolean[] cancelled = {false};
        queue.add(new Task(now + delayMillis, seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    long now() {
        return now;
    }

    /** Pending (not cancelled) tasks. */
    int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled()[0]).count();
    }

    /** Moves time forward by {@code millis}, running what falls due. */
    void advance(long millis) {
        long until = now + millis;
        while (!queue.isEmpty() && queue.peek().due() <= until) {
            Task t = queue.poll();
            now = t.due();
            if (!t.cancelled()[0]) {
                t.run().run();
            }
        }
        now = until;
    }

    /** Samples {@code probe} every millisecond for {@code millis} and returns the times (relative) it changed, with the new value. */
    List<String> timeline(long millis, java.util.function.BooleanSupplier probe) {
        List<String> out = new ArrayList<>();
        long start = now;
        boolean last = probe.getAsBoolean();
        out.add("0:" + (last ? "on" : "off"));
        for (long t = 1; t <= millis; t++) {
            advance(1);
            boolean v = probe.getAsBoolean();
            if (v != last) {
                out.add((now - start) + ":" + (v ? "on" : "off"));
                last = v;
            }
        }
        return out;
    }
}
