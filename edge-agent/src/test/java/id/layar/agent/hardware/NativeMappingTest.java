package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeMappingTest {
    @TempDir
    Path dir;

    @Test
    void writesThroughTheMapReachTheFile() throws Exception {
        Path file = Files.write(dir.resolve("fb"), new byte[8192]);
        try (NativeMapping m = NativeMapping.map(file, 8192)) {
            m.buffer().putInt(4096, 0x11223344);
        }
        byte[] b = Files.readAllBytes(file);
        assertEquals(0x44, b[4096], "little-endian");
        assertEquals(0x11, b[4099]);
    }

    @Test
    void aFailedOpenNamesTheFileAndTheError() {
        Path missing = dir.resolve("no-such-fb");
        NativeMapping.Failure e = assertThrows(NativeMapping.Failure.class, () -> NativeMapping.map(missing, 4096));
        assertEquals(2, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("No such file or directory"),
                e.getMessage());
    }

    @Test
    void framebufferMemoryIsUnknownForAFileOrAnotherDevice() throws Exception {
        Path file = Files.write(dir.resolve("fb"), new byte[4096]);
        assertEquals(-1, NativeMapping.framebufferMemory(file));
        assertEquals(-1, NativeMapping.framebufferMemory(Path.of("/dev/zero")));
    }
}
