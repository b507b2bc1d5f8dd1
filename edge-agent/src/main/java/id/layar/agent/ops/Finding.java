package id.layar.agent.ops;

/**
 * One thing {@code doctor} found.
 *
 * @param check    a short stable name (config, playlist, origin, clock, ...)
 * @param severity how it bears on the wall
 * @param message  what was found, in the technician's language
 * @param fix      what to do about it, or null when nothing is needed
 */
public record Finding(String check, Severity severity, String message, String fix) {
    /** How a finding bears on the wall; the worst one decides doctor's exit code. */
    public enum Severity {
        /** Fine. */
        OK,
        /** Worth knowing; nothing to do. */
        INFO,
        /** The wall can play, but something will bite later (exit 1). */
        WARN,
        /** The wall cannot play now (exit 2). */
        FAIL
    }

    public static final int EXIT_CAN_PLAY = 0;
    public static final int EXIT_WARNINGS = 1;
    public static final int EXIT_CANNOT_PLAY = 2;

    /** 0 when every finding is fine, 1 with warnings, 2 when any finding keeps the wall from playing. */
    public static int exitCode(Iterable<Finding> findings) {
        int code = EXIT_CAN_PLAY;
        for (Finding f : findings) {
            if (f.severity() == Severity.FAIL) {
                return EXIT_CANNOT_PLAY;
            }
            if (f.severity() == Severity.WARN) {
                code = EXIT_WARNINGS;
            }
        }
        return code;
    }
}
