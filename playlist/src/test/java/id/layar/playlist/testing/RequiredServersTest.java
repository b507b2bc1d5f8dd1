package id.layar.playlist.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The switch between skipping and failing a test whose server is not installed. */
class RequiredServersTest {

    @Test
    void aMissingServerSkipsItsTestsByDefault() {
        for (String unset : new String[] {null, "", "0"}) {
            TestAbortedException e = assertThrows(TestAbortedException.class,
                    () -> RequiredServers.check(false, "nginx", "nginx", "the origin config tests", unset));
            assertTrue(e.getMessage().contains("nginx is not installed (apt-get install nginx): the origin config tests are"
                    + " skipped"), e.getMessage());
        }
    }

    @Test
    void withTheSwitchOnAMissingServerFailsNamingThePackage() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> RequiredServers.check(false, "mosquitto", "mosquitto", "the broker config tests", "1"));
        assertEquals("mosquitto is not installed, and LAYAR_REQUIRE_SERVERS=1 says the broker config tests must run:"
                + " install it with 'apt-get install mosquitto'", e.getMessage());
    }

    @Test
    void anInstalledServerRunsItsTestsEitherWay() {
        for (String value : new String[] {null, "0", "1"}) {
            RequiredServers.check(true, "mosquitto", "mosquitto", "the broker config tests", value);
        }
    }

    @Test
    void aSwitchValueOtherThanOneOrZeroIsAMistakeNotASkip() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> RequiredServers.check(true, "nginx", "nginx", "the origin config tests", "yes"));
        assertTrue(e.getMessage().startsWith("LAYAR_REQUIRE_SERVERS must be 1"), e.getMessage());
    }
}
