package id.layar.packager.build;

import id.layar.packager.Msg;
import id.layar.packager.keys.KeyStore;
import id.layar.packager.site.Problem;
import id.layar.packager.site.Site;
import java.nio.file.Path;

/**
 * Progress of a build, step by step. Every method has an empty default; {@link #SILENT} ignores all. An
 * exception thrown from a listener aborts the build like any other failure (nothing is published).
 */
public interface BuildListener {
    BuildListener SILENT = new BuildListener() {
    };

    /**
     * One rendering step: an announcement for a channel.
     *
     * @param number 1-based, out of {@code total}
     */
    record Step(int number, int total, String channel, String id, String type, int width, int height) {
    }

    default void validated(Site site) {
    }

    default void keysLoaded(KeyStore.SigningKeys keys) {
    }

    default void stepStarted(Step step) {
    }

    default void stepFinished(Step step, long millis) {
    }

    default void stepFailed(Step step, Problem problem) {
    }

    /** A video of this step was found already transcoded in the cache (called before {@link #stepFinished}). */
    default void mediaReused(Step step) {
    }

    /** A video of this step is being transcoded: {@code done} frames of about {@code expected} (0 if unknown). */
    default void transcoding(Step step, long done, long expected) {
    }

    default void signed(String channel, long version, int items) {
    }

    /** The bundle is complete in its temporary folder and about to replace {@code bundle}. */
    default void publishing(Path bundle) {
    }

    default void warning(Msg warning) {
    }
}
