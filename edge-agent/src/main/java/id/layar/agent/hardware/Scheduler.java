package id.layar.agent.hardware;

/**
 * One-shot timers, backed by whatever the caller runs on: in the agent a Vert.x timer
 * ({@code (ms, task) -> { long id = vertx.setTimer(ms, t -> task.run()); return () -> vertx.cancelTimer(id); }}),
 * in tests a fake the test steps.
 */
@FunctionalInterface
public interface Scheduler {
    /** Runs {@code task} once, {@code delayMillis} (at least 1) from now; the handle cancels it if it has not run. */
    Cancellable schedule(long delayMillis, Runnable task);

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
