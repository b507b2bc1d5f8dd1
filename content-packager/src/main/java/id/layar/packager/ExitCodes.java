package id.layar.packager;

/** The exit codes of every command, named (sysexits.h values where one fits). */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** The site, the keys or the command line are not valid: the output lists what to fix. */
    public static final int INVALID_INPUT = 2;
    /** Refused to do something unsafe (overwrite keys, replace a folder that is not a bundle, go back a version). */
    public static final int REFUSED = 3;
    /**
     * The data checked is not whole: a proof-of-play chain has a gap or an edit, or the store kept messages aside
     * ({@code fleet plays}, which still writes its CSV). (EX_DATAERR)
     */
    public static final int DATA_PROBLEM = 65;
    /** A bug: please report it with the output of {@code --stacktrace}. (EX_SOFTWARE) */
    public static final int INTERNAL = 70;
    /** Reading or writing a file or a socket failed. (EX_IOERR) */
    public static final int IO_ERROR = 74;

    private ExitCodes() {
    }
}
