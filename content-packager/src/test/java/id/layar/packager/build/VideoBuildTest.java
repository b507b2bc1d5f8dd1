package id.layar.packager.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Cli;
import id.layar.packager.ExitCodes;
import id.layar.packager.Ffprobe;
import id.layar.packager.Fixtures;
import id.layar.packager.VideoSite;
import id.layar.packager.site.SiteInvalidException;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Playlist;
import id.layar.playlist.TrustedRoot;
import id.layar.playlist.testing.TestKeys;
import id.layar.render.ClockRenderer;
import id.layar.render.Png;
import id.layar.render.SlideStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Video and clock announcements through the real build: transcoding, the cache, damaged sources. */
class VideoBuildTest {
    static final Clock CLOCK = Clock.fixed(TestKeys.NOW, ZoneOffset.UTC);

    @TempDir
    static Path shared;
    static Path site;
    static Path keys;
    static Path bundle;
    static BuildResult first;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildOnce() throws Exception {
        site = VideoSite.create(shared.resolve("uji-video"));
        keys = Fixtures.testKeys(shared.resolve("keys"));
        bundle = shared.resolve("out/bundle");
        first = new BundleBuilder().build(site, keys, bundle, CLOCK);
    }

    static Playlist playlist(Path bundle, String channel) throws Exception {
        return TrustedRoot.load(Files.readAllBytes(bundle.resolve("root.json")))
                .verifyPlaylist(Files.readAllBytes(bundle.resolve("channels").resolve(channel).resolve("playlist.json")),
                        channel, 0, TestKeys.NOW).playlist();
    }

    @Test
    void theVideoIsTranscodedToEachChannelsSizeAndRateAsAnIndependentDecoderSees() throws Exception {
        // layar-a: 320x160 at 30 fps, cropped (fit: fill) from 480x270 at 25 fps; layar-b: 256x144 at 25 fps.
        Map<String, int[]> expected = new TreeMap<>(Map.of("layar-a", new int[] {320, 160, 30}, "layar-b", new int[] {256, 144, 25}));
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            int w = e.getValue()[0];
            int h = e.getValue()[1];
            int fps = e.getValue()[2];
            Item video = playlist(bundle, e.getKey()).item("20-video");
            assertEquals(ItemKind.VIDEO, video.kind());
            assertEquals("video/mp4", video.blob().mediaType());
            Path file = bundle.resolve(video.blob().relativePath());
            Ffprobe.Stream s = Ffprobe.video(file);
            long frames = 2L * fps;    // 2 s of source
            assertEquals(new Ffprobe.Stream("h264", w, h, fps + "/1", frames), s, e.getKey());
            assertEquals(frames * 1000 / fps, video.durationMs(), "the item lasts as long as the video");
            List<Integer> keys = Ffprobe.keyFrames(file);
            assertEquals(0, keys.get(0), "the first frame is a key frame: the loop seeks straight back to it");
            for (int k = 1; k < keys.size(); k++) {
                assertTrue(keys.get(k) - keys.get(k - 1) <= fps, "a key frame at least every second (GOP = fps): " + keys);
            }
            assertTrue(frames - keys.get(keys.size() - 1) <= fps, "a key frame at least every second: " + keys);
        }
    }

    @Test
    void soundIsKeptOnlyForAChannelThatAsksForIt() throws Exception {
        Ffprobe.assumeInstalled();
        assertEquals(List.of(), Ffprobe.audio(bundle.resolve(playlist(bundle, "layar-a").item("20-video").blob().relativePath())));
        assertEquals(List.of("aac"), Ffprobe.audio(bundle.resolve(playlist(bundle, "layar-b").item("20-video").blob().relativePath())));
    }

    @Test
    void aClockIsItsFaceTheDeviceDrawsTheTimeOn() throws Exception {
        Item clock = playlist(bundle, "layar-b").item("40-jam");
        assertEquals(ItemKind.CLOCK, clock.kind());
        assertEquals(5_000, clock.durationMs());
        ClockRenderer.Face face = ClockRenderer.readFace(Files.readAllBytes(bundle.resolve(clock.blob().relativePath())));
        assertEquals(new SlideStyle(0x0b5d1e, 0xffffff, 0xffd200),
                new SlideStyle(face.background().get(0, 0) & 0xFFFFFF, face.color(), face.accent()));
        assertEquals(256, face.background().width());
    }

    @Test
    void aSecondBuildEncodesNothingAndWritesByteIdenticalBlobs() throws Exception {
        assertEquals(2, first.videosEncoded(), "one transcode per channel geometry");
        assertEquals(0, first.videosReused());
        assertEquals(TranscodeCache.besideBundle(bundle), first.cache());
        assertTrue(Files.isDirectory(first.cache()), "the cache is beside the bundle");
        assertFalse(Files.exists(bundle.resolve("blobs").resolve(first.cache().getFileName())), "not inside it");

        Path again = tmp.resolve("again/bundle");
        List<String> encodes = new ArrayList<>();
        BuildResult second = new BundleBuilder(new BuildOptions(null, 30, first.cache()), new BuildListener() {
            @Override
            public void transcoding(Step step, long done, long expected) {
                encodes.add(step.channel());
            }
        }).build(site, keys, again, CLOCK);
        assertEquals(0, second.videosEncoded());
        assertEquals(2, second.videosReused());
        assertEquals(List.of(), encodes, "no frame was encoded");
        for (String channel : List.of("layar-a", "layar-b")) {
            Item a = playlist(bundle, channel).item("20-video");
            Item b = playlist(again, channel).item("20-video");
            assertEquals(a.blob(), b.blob());
            assertArrayEquals(Files.readAllBytes(bundle.resolve(a.blob().relativePath())),
                    Files.readAllBytes(again.resolve(b.blob().relativePath())));
        }

        // A changed source is encoded again (both channels); a changed duration only where it cuts the video.
        Path copy = Fixtures.copyTree(site, tmp.resolve("uji-video"));
        VideoSite.clip(copy.resolve("media/klip.mp4"), false);
        BuildResult changed = new BundleBuilder(new BuildOptions(null, 30, first.cache()), BuildListener.SILENT)
                .build(copy, keys, tmp.resolve("changed/bundle"), CLOCK);
        assertEquals(2, changed.videosEncoded());
    }

    @Test
    void aDurationShorterThanTheVideoCutsItAndALongerOneLoopsIt() throws Exception {
        Path copy = Fixtures.copyTree(site, tmp.resolve("uji-video"));
        Path file = copy.resolve("announcements/20-video.yaml");
        Files.writeString(file, Files.readString(file) + "duration: 1s\n");
        Path out = tmp.resolve("cut/bundle");
        new BundleBuilder().build(copy, keys, out, CLOCK);
        Item cut = playlist(out, "layar-a").item("20-video");
        assertEquals(1_000, cut.durationMs());
        assertEquals(30, Ffprobe.video(out.resolve(cut.blob().relativePath())).frames());

        Files.writeString(file, Files.readString(file).replace("duration: 1s", "duration: 7s"));
        Path longer = tmp.resolve("long/bundle");
        BuildResult r = new BundleBuilder(new BuildOptions(null, 30, TranscodeCache.besideBundle(bundle)), BuildListener.SILENT)
                .build(copy, keys, longer, CLOCK);
        Item loops = playlist(longer, "layar-a").item("20-video");
        assertEquals(7_000, loops.durationMs(), "shown for 7 s: the 2 s video loops");
        assertEquals(playlist(bundle, "layar-a").item("20-video").blob(), loops.blob(), "the same 2 s transcode");
        assertEquals(0, r.videosEncoded());
    }

    @Test
    void aTruncatedVideoIsRefusedNamingTheFileAndWhatFfmpegSaidAndNothingIsPublished() throws Exception {
        Path copy = Fixtures.copyTree(site, tmp.resolve("uji-video"));
        Path out = tmp.resolve("out/bundle");
        new BundleBuilder(new BuildOptions(null, 30, tmp.resolve("cache")), BuildListener.SILENT).build(copy, keys, out, CLOCK);
        List<String> before = Fixtures.snapshot(out);
        VideoSite.truncate(copy.resolve("media/klip.mp4"), 0.6);

        Cli validate = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, validate.run("validate", copy));
        String problem = validate.out().lines().findFirst().orElseThrow();
        assertTrue(problem.startsWith("uji-video/announcements/20-video.yaml:4:8: video: expected a video FFmpeg can read"),
                problem);
        assertTrue(problem.contains("found a corrupt or unsupported video \"media/klip.mp4\": FFmpeg says: ")
                && problem.contains("moov atom not found") && problem.contains("Invalid data found when processing input"), problem);

        Cli build = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, build.run("build", copy, "--keys", keys, "--out", out, "--cache", tmp.resolve("cache")));
        assertEquals(validate.out(), build.out(), "build reports the same problem as validate");
        assertEquals(before, Fixtures.snapshot(out), "the published bundle is untouched");
        assertEquals(List.of("bundle"), Fixtures.names(out.getParent()), "no temporary folder left");
        assertTrue(Fixtures.names(tmp.resolve("cache")).stream().noneMatch(n -> n.startsWith(".tmp")), "no half cache entry");
    }

    @Test
    void randomBytesNamedMp4AreRefusedByValidateAndBuild() {
        Path copy = Fixtures.copyTree(site, tmp.resolve("uji-video"));
        VideoSite.junk(copy.resolve("media/klip.mp4"));
        Cli validate = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, validate.run("validate", copy));
        assertTrue(validate.out().contains("20-video.yaml:4:8: video: expected a video FFmpeg can read (MP4, MOV, WebM, MKV, AVI …), "
                + "found a corrupt or unsupported video \"media/klip.mp4\": FFmpeg says: "), validate.out());
        Cli build = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, build.run("build", copy, "--keys", keys, "--out", tmp.resolve("b"),
                "--cache", tmp.resolve("c")));
        assertFalse(Files.exists(tmp.resolve("b")));
    }

    @Test
    void aVideoWhosePicturesAreCutShortIsFoundByDecodingIt() throws Exception {
        // Index first (as web exports and "fast start" files have it), so the file opens and looks whole.
        Path copy = Fixtures.copyTree(site, tmp.resolve("uji-video"));
        Path src = copy.resolve("media/klip.mp4");
        Path faststart = tmp.resolve("faststart.mp4");
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(src.toString());
             org.bytedeco.javacv.FFmpegFrameRecorder r = new org.bytedeco.javacv.FFmpegFrameRecorder(faststart.toFile(), VideoSite.SOURCE_W, VideoSite.SOURCE_H, 0)) {
            g.start();
            r.setFormat("mp4");
            r.setOption("movflags", "+faststart");
            r.setVideoCodecName("libopenh264");
            r.setFrameRate(VideoSite.SOURCE_FPS);
            r.start(g.getFormatContext());
            org.bytedeco.ffmpeg.avcodec.AVPacket pkt;
            while ((pkt = g.grabPacket()) != null) {
                if (pkt.stream_index() == g.getVideoStream()) {
                    r.recordPacket(pkt);
                }
            }
            r.stop();
            g.stop();
        }
        Files.copy(faststart, src, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        VideoSite.truncate(src, 0.5);

        Cli validate = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, validate.run("validate", copy), validate.out());
        assertTrue(validate.out().contains("20-video.yaml:4:8: video: expected a video that decodes completely; "
                + "re-export it from the editing program as MP4 (H.264), or copy it again if the copy was cut short, found a video "
                + "\"media/klip.mp4\" that stops after"), validate.out());
        SiteInvalidException e = assertThrows(SiteInvalidException.class,
                () -> new BundleBuilder(new BuildOptions(null, 30, tmp.resolve("c")), BuildListener.SILENT).build(copy, keys, tmp.resolve("b"), CLOCK));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).toString().contains("that stops after"), e.problems().get(0).toString());
        assertFalse(Files.exists(tmp.resolve("b")));
    }

    @Test
    void aPictureGivenAsAVideoSaysToUseTypeImage() {
        Path copy = Fixtures.copyTree(site, tmp.resolve("uji-video"));
        Fixtures.write(copy.resolve("media/poster.png"), "");
        try {
            Files.write(copy.resolve("media/poster.png"), Png.encode(new id.layar.render.Frame(64, 32)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path file = copy.resolve("announcements/20-video.yaml");
        Fixtures.write(file, "title: Poster\ntype: video\nchannels: [layar-a]\nvideo: media/poster.png\n");
        Cli validate = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, validate.run("validate", copy));
        assertTrue(validate.out().contains("found a still image \"media/poster.png\" (PNG); use type: image for pictures"), validate.out());
    }
}
