package id.layar.agent.hardware;

import java.util.List;

/**
 * Hardware that cannot be opened as configured. Carries every problem found, each naming what was checked, what
 * was found and the fix, so a technician fixes them all in one visit.
 */
public final class HardwareException extends Exception {
    private final List<String> problems;

    public HardwareException(String what, List<String> problems) {
        super(message(what, problems));
        this.problems = List.copyOf(problems);
    }

    public HardwareException(String what, String problem, Throwable cause) {
        super(message(what, List.of(problem)), cause);
        this.problems = List.of(problem);
    }

    private static String message(String what, List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a HardwareException needs at least one problem");
        }
        return "cannot open " + what + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + ":\n  " + String.join("\n  ", problems);
    }

    public List<String> problems() {
        return problems;
    }
}
