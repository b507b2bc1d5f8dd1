package id.layar.agent.telemetry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a main class of the test sources in a child JVM with this JVM's class path (small heap, quick start). */
final class ChildJvm {
    private ChildJvm() {
    }

    static ProcessBuilder command(Class<?> main, List<String> jvmArgs, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd);
    }
}
