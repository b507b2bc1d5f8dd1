package id.layar.packager;

import static id.layar.packager.WallAssertions.await;
import static id.layar.packager.WallAssertions.awaitFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import id.layar.agent.Agent;
import id.layar.agent.AgentConfig;
import id.layar.agent.SyncOutcome;
import id.layar.packager.build.BundleBuilder;
import id.layar.packager.keys.KeyStore;
import id.layar.packager.preview.Preview;
import id.layar.packager.serve.Origin;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Playlist;
import id.layar.playlist.Schedule;
import id.layar.playlist.testing.MutableClock;
import id.layar.render.Frame;
import id.layar.render.Png;
import id.layar.render.VirtualPanel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview is the wall: for a still, running text and a video, the frame the packager's preview draws for an
 * instant equals, pixel for pixel, the frame a real agent (synced from the packager's origin, its player on a
 * virtual panel, its clock held at that instant) shows. And the {@code preview} command's lossless frame is that
 * same frame, its video has the panel's size, rate and length as ffprobe counts them.
 */
@ExtendWith(VertxExtension.class)
class PreviewMatchesTheWallTest {
    private static final String CHANNEL = "layar-a";
    private static final Instant BUILT = Instant.parse("2026-11-24T00:00:00Z");
    /** Tuesday 10:00 in Jakarta. */
    private static final Instant MORNING = Instant.parse("2026-11-24T03:00:00Z");

    private Agent agent;
    private Origin origin;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            await(agent.stop());
        }
        if (origin != null) {
            await(origin.stop());
        }
    }

    @Test
    void previewFramesEqualTheAgentsPanelForAStillARunningTextAndAVideo(Vertx vertx, @TempDir Path tmp) throws Exception {
        Path site = VideoSite.create(tmp.resolve("uji-video"));
        Path keys = tmp.resolve("keys");
        KeyStore.init(keys, BUILT, 365);
        Path bundle = tmp.resolve("bundle");
        new BundleBuilder().build(site, keys, bundle, Clock.fixed(BUILT, ZoneId.of("UTC")));

        origin = await(Origin.start(vertx, bundle, "127.0.0.1", 0));
        MutableClock clock = new MutableClock(MORNING);
        VirtualPanel panel = new VirtualPanel(320, 160);
        agent = await(Agent.start(vertx, AgentConfig.load(agentConfig(tmp, keys)), panel, clock));
        assertEquals(SyncOutcome.Kind.ACCEPTED, await(agent.syncNow()).kind());

        try (Preview preview = Preview.open(bundle, CHANNEL)) {
            Playlist p = preview.playlist();
            assertEquals(List.of(ItemKind.STILL, ItemKind.VIDEO, ItemKind.TICKER), p.items().stream().map(i -> i.kind()).toList());
            for (String[] moment : new String[][] {
                    {"10-slide", "1500"}, {"30-ticker", "2345"}, {"30-ticker", "4011"}, {"20-video", "0"},
                    {"20-video", "1234"}, {"20-video", "1967"}}) {
                Instant t = midSlotOf(p, moment[0], Long.parseLong(moment[1]));
                clock.set(t);
                Frame expected = preview.frameAt(t).copy();
                awaitFrame(panel, expected, moment[0] + " " + moment[1] + " ms in");
            }

            // The command line: its lossless frame at --at is the wall's frame at that second.
            Instant videoSecond = wholeSecondIn(p, "20-video");
            String at = LocalTime.ofInstant(videoSecond, p.timezone()).format(DateTimeFormatter.ofPattern("HH:mm:ss"));
            Path out = tmp.resolve("pratinjau");
            Cli cli = new Cli(Clock.fixed(BUILT, ZoneId.of("UTC")));
            assertEquals(ExitCodes.OK, cli.run("preview", site, "--channel", CHANNEL, "--date", "2026-11-24",
                    "--from", "10:00", "--to", "10:02", "--at", at, "--video-seconds", "3", "--out", out,
                    "--cache", tmp.resolve("cache")), cli.err());
            assertTrue(cli.err().contains("building uji-video into a temporary bundle"), cli.err());
            assertTrue(cli.err().contains("90/90 frames"), cli.err());
            Frame fromCli = Png.decode(Files.readAllBytes(out.resolve("frame-" + at.replace(":", "") + ".png")));
            clock.set(videoSecond);
            awaitFrame(panel, fromCli, "the preview command's frame at " + at);
            assertFalse(fromCli.samePixels(new Frame(320, 160)), "not black");

            Frame sheet = Png.decode(Files.readAllBytes(out.resolve("contact-sheet.png")));
            assertTrue(sheet.width() > 3 * 240, "a sheet of thumbnails: " + sheet.width() + "x" + sheet.height());
            assertTrue(cli.err().matches("(?s).*layar-a: \\d+ change\\(s\\) of what plays between 10:00 and 10:02.*"), cli.err());

            Ffprobe.Stream video = Ffprobe.video(out.resolve("preview.mp4"));
            assertEquals(new Ffprobe.Stream("h264", 320, 160, "30/1", 90), video);
        }
    }

    private Path agentConfig(Path tmp, Path keys) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("device"));
        Files.copy(keys.resolve(KeyStore.ROOT_JSON), dir.resolve("root.json"));
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, String.join("\n",
                "device: uji-01",
                "channel: " + CHANNEL,
                "origin: http://127.0.0.1:" + origin.port() + "/",
                "root: root.json",
                "state: state",
                "poll: 1h",
                "panel:",
                "  width: 320",
                "  height: 160",
                "  fps: 30",
                "  output: virtual",
                "api:",
                "  host: 127.0.0.1",
                "  port: 0",
                ""));
        return config;
    }

    /** An instant {@code into} ms after the start of the item's next showing, from the morning on. */
    private static Instant midSlotOf(Playlist p, String itemId, long into) {
        Instant t = MORNING;
        for (int n = 0; n < 200; n++) {
            Schedule.NowPlaying now = Schedule.at(p, t);
            if (now.item() != null && now.item().id().equals(itemId)) {
                return now.slotStart().plusMillis(into);
            }
            t = now.until();
        }
        throw new AssertionError(itemId + " does not play on the morning of " + MORNING);
    }

    /** A whole second during a showing of the item, at least 200 ms into it. */
    private static Instant wholeSecondIn(Playlist p, String itemId) {
        Instant t = MORNING;
        for (int n = 0; n < 400; n++) {
            Schedule.NowPlaying now = Schedule.at(p, t);
            Instant second = Instant.ofEpochSecond(now.slotStart().plusMillis(200 + 999).getEpochSecond());
            if (now.item() != null && now.item().id().equals(itemId) && second.isBefore(now.slotEnd())) {
                return second;
            }
            t = now.until();
        }
        throw new AssertionError(itemId + " has no whole second on the morning of " + MORNING);
    }


}
