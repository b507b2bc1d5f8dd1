package id.layar.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A notification's content is untrusted: what reaches the log is short and cannot forge log lines or move the cursor. */
class NotifyGateTest {
    static String preview(String s) {
        return NotifyGate.preview(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shortPlainContentIsLoggedAsIs() {
        assertEquals("'version 8'", preview("version 8"));
    }

    @Test
    void controlCharactersCannotForgeALogLineOrMoveTheTerminal() {
        String p = preview("ok\r\n[main] INFO Agent - playlist 999 accepted\u001b[2J\u2028\u202e");
        assertFalse(p.contains("\n") || p.contains("\r") || p.contains("\u001b") || p.contains("\u2028") || p.contains("\u202e"), p);
        assertTrue(p.startsWith("'ok??[main] INFO"), p);
    }

    @Test
    void longContentIsCutAndItsSizeShown() {
        String p = preview("x".repeat(100_000));
        assertEquals("'" + "x".repeat(NotifyGate.LOG_CHARS) + "... (100000 bytes)'", p);
    }

    @Test
    void invalidUtf8IsReplaced() {
        String p = NotifyGate.preview(new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'b'});
        assertEquals("'a??b'", p);
    }
}
