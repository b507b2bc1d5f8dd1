package id.layar.packager;

import java.util.Arrays;
import java.util.Objects;

/**
 * A user-facing message not yet put into words: a key of {@code Messages.properties} and its arguments.
 * Domain code returns these; the command line renders them in the user's language with {@link Messages}.
 * Arguments are kept as text, so numbers are never reformatted ({@code 3600}, not {@code 3,600}).
 */
public record Msg(String key, Object... args) {
    public Msg {
        Objects.requireNonNull(key, "key");
        args = Arrays.stream(args).map(a -> a instanceof Msg ? a : String.valueOf(a)).toArray();
    }

    public static Msg of(String key, Object... args) {
        return new Msg(key, args);
    }

    /** The English text, for logs, exception messages and tests. */
    @Override
    public String toString() {
        return Messages.english().format(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Msg m && key.equals(m.key) && Arrays.equals(args, m.args);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(args);
    }
}
