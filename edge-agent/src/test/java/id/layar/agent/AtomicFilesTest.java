package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writingOverAnExistingFileLeavesTheNewContentAndNoTempFiles() throws Exception {
        Path f = dir.resolve("playlist.json");
        Files.writeString(f, "old content that is longer than the new one");
        AtomicFiles.write(f, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(f));
        assertEquals(List.of("playlist.json"), names());
    }

    @Test
    void createsTheFolderAndTheFile() throws Exception {
        Path f = dir.resolve("a/b/c.bin");
        byte[] bytes = new byte[100_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        AtomicFiles.write(f, bytes);
        assertArrayEquals(bytes, Files.readAllBytes(f));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void moveDurablyReplacesTheTarget() throws Exception {
        Path a = dir.resolve("a.part");
        Path b = dir.resolve("b");
        Files.writeString(a, "A");
        Files.writeString(b, "B");
        AtomicFiles.moveDurably(a, b);
        assertEquals("A", Files.readString(b));
        assertEquals(List.of("b"), names());
    }
}
