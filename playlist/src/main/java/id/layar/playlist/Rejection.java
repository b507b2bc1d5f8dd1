package id.layar.playlist;

/**
 * Content that must not be shown. Whoever receives this keeps playing the last accepted playlist and
 * reports {@link #reason()} with the {@link #getMessage() detail}. Transport faults (the origin is down, a
 * download was cut) are not rejections: they are retried.
 */
public final class Rejection extends Exception {
    /** Why content was refused; the wire name appears in status and logs. */
    public enum Reason {
        MALFORMED, WRONG_TYPE, OVERSIZED, BAD_SIGNATURE, UNKNOWN_KEY, THRESHOLD_NOT_MET, WRONG_CHANNEL, ROLLBACK,
        EXPIRED, BLOB_MISMATCH, BLOB_TOO_LARGE, ROOT_INVALID;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;

    public Rejection(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Rejection(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** {@code reason: detail}, as shown to technicians. */
    public String describe() {
        return reason.wireName() + ": " + getMessage();
    }
}
