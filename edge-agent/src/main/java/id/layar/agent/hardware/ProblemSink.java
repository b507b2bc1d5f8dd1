package id.layar.agent.hardware;

import java.util.ArrayList;
import java.util.List;

/**
 * Where configuration checks report. A problem names the key (like {@code hardware.power.relay-pin}) and a text
 * saying what is allowed, what was found and the fix; a warning is something that works but deserves a look
 * (a pin that is also the UART, say).
 */
public interface ProblemSink {
    void problem(String key, String text);

    default void warning(String key, String text) {
    }

    /** A sink that keeps everything, in order, as {@code "key: text"}. */
    static Collecting collecting() {
        return new Collecting();
    }

    /** Collects problems and warnings as {@code "key: text"} lines. */
    final class Collecting implements ProblemSink {
        private final List<String> problems = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        @Override
        public void problem(String key, String text) {
            problems.add(key + ": " + text);
        }

        @Override
        public void warning(String key, String text) {
            warnings.add(key + ": " + text);
        }

        public List<String> problems() {
            return List.copyOf(problems);
        }

        public List<String> warnings() {
            return List.copyOf(warnings);
        }

        public boolean isEmpty() {
            return problems.isEmpty();
        }
    }
}
