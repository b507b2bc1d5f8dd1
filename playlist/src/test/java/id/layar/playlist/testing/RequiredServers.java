package id.layar.playlist.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * The one switch for tests that run a real server (Mosquitto, nginx) as a child process. Without the server they skip,
 * saying why, so a developer without it still gets a build; with {@code LAYAR_REQUIRE_SERVERS=1} in the environment
 * (CI: {@code .ci/run}) a missing server fails the test instead, naming the package to install, so a green build
 * means those tests ran. Shared by the agent's, the packager's and deploy/tests' tests through this test-jar.
 */
public final class RequiredServers {
    /** The environment variable: {@code 1} fails a test whose server is missing; unset, empty or {@code 0} skips it. */
    public static final String SWITCH = "LAYAR_REQUIRE_SERVERS";

    private RequiredServers() {
    }

    /**
     * Returns when {@code installed}; otherwise skips the calling test (a JUnit assumption) or, with
     * {@code LAYAR_REQUIRE_SERVERS=1}, fails it.
     *
     * @param server     the program, as in the message: "mosquitto"
     * @param aptPackage the Debian package that installs it
     * @param tests      what would not be tested, as in the message: "the broker config tests"
     */
    public static void assumeInstalled(boolean installed, String server, String aptPackage, String tests) {
        check(installed, server, aptPackage, tests, System.getenv(SWITCH));
    }

    /** {@link #assumeInstalled} with the switch's value given ({@code null}: unset). */
    static void check(boolean installed, String server, String aptPackage, String tests, String switchValue) {
        String value = switchValue == null ? "" : switchValue.strip();
        if (!value.isEmpty() && !value.equals("0") && !value.equals("1")) {
            throw new AssertionError(SWITCH + " must be 1 (a missing server fails its tests) or 0 or unset (they are"
                    + " skipped); found '" + switchValue + "'");
        }
        if (installed) {
            return;
        }
        if (value.equals("1")) {
            throw new AssertionError(server + " is not installed, and " + SWITCH + "=1 says " + tests + " must run: install"
                    + " it with 'apt-get install " + aptPackage + "'");
        }
        Assumptions.assumeTrue(false, server + " is not installed (apt-get install " + aptPackage + "): " + tests
                + " are skipped; CI installs it and sets " + SWITCH + "=1, which fails them instead");
    }
}
