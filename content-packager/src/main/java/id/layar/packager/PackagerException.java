package id.layar.packager;

/**
 * A failure the user can act on, with a message that names what and where and how to fix it, and the exit
 * code it maps to. Anything else that escapes a command is a bug ({@link ExitCodes#INTERNAL}).
 */
public class PackagerException extends RuntimeException {
    /** Whose fault, and so which exit code. */
    public enum Kind {
        INVALID_INPUT(ExitCodes.INVALID_INPUT), REFUSED(ExitCodes.REFUSED), IO(ExitCodes.IO_ERROR);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;
    private final Msg msg;

    public PackagerException(Kind kind, Msg msg) {
        this(kind, msg, null);
    }

    public PackagerException(Kind kind, Msg msg, Throwable cause) {
        super(msg.toString(), cause);
        this.kind = kind;
        this.msg = msg;
    }

    public Kind kind() {
        return kind;
    }

    public Msg msg() {
        return msg;
    }

    public int exitCode() {
        return kind.exitCode();
    }
}
