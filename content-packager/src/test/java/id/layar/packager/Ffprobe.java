package id.layar.packager;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ffprobe command line (Debian's FFmpeg, a different build from the JavaCV one the packager uses): an
 * independent reader of what the packager writes. Tests that need it are skipped, saying why, when it is missing.
 */
public final class Ffprobe {
    private Ffprobe() {
    }

    public static void assumeInstalled() {
        boolean ok;
        try {
            Process p = new ProcessBuilder("ffprobe", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        assumeTrue(ok, "ffprobe is not installed (apt-get install ffmpeg); CI installs it");
    }

    /** One stream as ffprobe counts it. */
    public record Stream(String codec, int width, int height, String frameRate, long frames) {
    }

    /** The first video stream, with every frame decoded and counted. */
    public static Stream video(Path file) {
        JsonNode s = run(file, "v:0", "stream=codec_name,width,height,r_frame_rate,nb_read_frames").path("streams").path(0);
        return new Stream(s.path("codec_name").asText(), s.path("width").asInt(), s.path("height").asInt(),
                s.path("r_frame_rate").asText(), s.path("nb_read_frames").asLong(-1));
    }

    /** The audio streams' codec names. */
    public static List<String> audio(Path file) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : run(file, "a", "stream=codec_name").path("streams")) {
            out.add(s.path("codec_name").asText());
        }
        return out;
    }

    /** Indexes of the key frames of the first video stream. */
    public static List<Integer> keyFrames(Path file) {
        List<Integer> out = new ArrayList<>();
        JsonNode frames = run(file, "v:0", "frame=key_frame").path("frames");
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).path("key_frame").asInt() == 1) {
                out.add(i);
            }
        }
        return out;
    }

    private static JsonNode run(Path file, String streams, String entries) {
        assumeInstalled();
        try {
            List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error", "-select_streams", streams));
            if (entries.startsWith("stream=") && entries.contains("nb_read_frames")) {
                cmd.add("-count_frames");
            }
            cmd.addAll(List.of("-show_entries", entries, "-of", "json", file.toString()));
            Process p = new ProcessBuilder(cmd).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !err.isBlank()) {
                throw new AssertionError("ffprobe " + file + " failed: " + err);
            }
            return new ObjectMapper().readTree(out);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("ffprobe " + file + ": " + e, e);
        }
    }
}
