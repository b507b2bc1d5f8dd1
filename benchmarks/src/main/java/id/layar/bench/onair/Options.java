package id.layar.bench.onair;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's settings from {@code --key value} arguments. Every problem is collected and named with its key, the
 * allowed range and the default, so one look at the message fixes the command line.
 *
 * @param agents       simulated agents (each a real {@code Agent} with player thread, sync, API and MQTT)
 * @param channels     channels the agents are spread over (agent i plays channel i mod channels)
 * @param rounds       measured rounds per mode, after one warm-up round per mode
 * @param poll         every agent's poll interval, the same in both modes so that the notification is the difference
 * @param fps          the player's frame rate: the wall shows a new item at the player's next tick
 * @param size         the panel is size x size pixels
 * @param detectorMs   how often the on-air detector reads every waiting agent's status
 * @param eventLoops   Vert.x event loops shared by all agents, the origin and the notifier
 * @param gap          the pause after each round (so a round's proof-of-play and state traffic settle first)
 * @param dir          where origin, broker and state folders go; null for a new temp folder, deleted at the end
 */
record Options(int agents, int channels, int rounds, Duration poll, int fps, int size, int detectorMs, int eventLoops,
               Duration gap, Path dir) {
    static final String USAGE = """
            usage: java -cp benchmarks/target/benchmarks.jar id.layar.bench.onair.PublishLatency [options]
              --agents N        simulated agents (default 200, 1..2000)
              --channels N      channels, agents spread evenly (default 4, 1..100)
              --rounds N        measured rounds per mode after one warm-up round (default 5, 1..100)
              --poll SECONDS    poll interval of every agent in both modes (default 30, 5..3600)
              --fps N           player frame rate (default 5, 1..60)
              --size N          panel size N x N pixels (default 16, 16..256)
              --detector-ms N   on-air detector period in ms (default 10, 1..100)
              --event-loops N   Vert.x event loops (default 4, 1..64)
              --gap SECONDS     pause after each round (default 3, 0..600)
              --dir PATH        work folder (default: a new temp folder, deleted at the end)""";

    /** The options, or null when {@code --help} was asked for; an IllegalArgumentException lists every problem. */
    static Options parse(String[] args) {
        int agents = 200;
        int channels = 4;
        int rounds = 5;
        long pollS = 30;
        int fps = 5;
        int size = 16;
        int detectorMs = 10;
        int eventLoops = 4;
        long gapS = 3;
        Path dir = null;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (key.equals("-h") || key.equals("--help")) {
                return null;
            }
            if (i + 1 >= args.length) {
                problems.add(key + ": needs a value (see --help)");
                break;
            }
            String v = args[++i];
            switch (key) {
                case "--agents" -> agents = (int) number(problems, key, v, 1, 2000);
                case "--channels" -> channels = (int) number(problems, key, v, 1, 100);
                case "--rounds" -> rounds = (int) number(problems, key, v, 1, 100);
                case "--poll" -> pollS = number(problems, key, v, 5, 3600);
                case "--fps" -> fps = (int) number(problems, key, v, 1, 60);
                case "--size" -> size = (int) number(problems, key, v, 16, 256);
                case "--detector-ms" -> detectorMs = (int) number(problems, key, v, 1, 100);
                case "--event-loops" -> eventLoops = (int) number(problems, key, v, 1, 64);
                case "--gap" -> gapS = number(problems, key, v, 0, 600);
                case "--dir" -> dir = Path.of(v);
                default -> problems.add(key + ": unknown option (see --help)");
            }
        }
        if (problems.isEmpty() && agents < channels) {
            problems.add("--agents " + agents + " is fewer than --channels " + channels + ": every channel needs an agent");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems) + "\n" + USAGE);
        }
        return new Options(agents, channels, rounds, Duration.ofSeconds(pollS), fps, size, detectorMs, eventLoops,
                Duration.ofSeconds(gapS), dir);
    }

    /** An agent that has not shown a round's version after this long has missed it. */
    Duration deadline() {
        return poll.multipliedBy(2);
    }

    private static long number(List<String> problems, String key, String text, long min, long max) {
        try {
            long n = Long.parseLong(text.trim().toLowerCase(Locale.ROOT).replaceAll("s$", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + ": must be a whole number " + min + ".." + max + "; found '" + text + "'");
        return min;
    }
}
