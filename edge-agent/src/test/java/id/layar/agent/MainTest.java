package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @Test
    void runIsTheDefaultCommand() {
        assertArrayEquals(new String[] {"run", "--config", "a.yaml"}, Main.withDefaultCommand(new String[] {"--config", "a.yaml"}));
        assertArrayEquals(new String[] {"run", "--config", "a.yaml"}, Main.withDefaultCommand(new String[] {"run", "--config", "a.yaml"}));
        assertArrayEquals(new String[] {"--help"}, Main.withDefaultCommand(new String[] {"--help"}));
    }

    @Test
    void badConfigExitsWithTheConfigCode(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("agent.yaml");
        Files.writeString(cfg, "device: NOPE\n");
        assertEquals(Main.EXIT_CONFIG, Main.run("--config", cfg.toString()));
    }

    @Test
    void invalidTrustedRootExitsWithTheStartCode(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("root.json"), "{\"not\": \"a root\"}");
        Path cfg = dir.resolve("agent.yaml");
        Files.writeString(cfg, """
                device: wall-1
                channel: simpang-lima
                origin: http://127.0.0.1:9/
                root: root.json
                state: state
                panel: {width: 64, height: 32}
                api: {port: 0}
                """);
        assertEquals(Main.EXIT_START, Main.run("--config", cfg.toString()));
    }
}
