package id.layar.packager.publish;

import static id.layar.packager.publish.PublishFixtures.servedVersions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Fixtures;
import id.layar.packager.PackagerException;
import id.layar.playlist.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** publish's order, atomicity and refusals, on real files; interruptions injected through the listener. */
class PublisherTest {
    @TempDir
    static Path shared;
    static Path v1;
    static Path v2;

    @TempDir
    Path tmp;

    /** Version 1 and version 2 (one announcement's text changed, so new blobs) of the same site. */
    @BeforeAll
    static void build() throws Exception {
        Path site = PublishFixtures.site(shared.resolve("site"), "DBD");
        v1 = Fixtures.copyTree(PublishFixtures.build(site, shared.resolve("b/bundle"), 1L), shared.resolve("v1"));
        PublishFixtures.site(shared.resolve("site"), "Awas DBD");
        v2 = PublishFixtures.build(site, shared.resolve("b/bundle"), 2L);
    }

    /** Thrown by a test listener to stop a publish at a chosen point. */
    static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted by the test");
        }
    }

    @Test
    void blobsGoFirstThenTheRootThenEachPlaylistLast() throws Exception {
        Path origin = tmp.resolve("origin");
        List<String> done = new ArrayList<>();
        Publisher.Result r = Publisher.publish(v1, origin, TestKeys.NOW, new Publisher.Listener() {
            @Override
            public void fileDone(Publisher.Step step, Publisher.Action action) {
                done.add(step.path());
            }
        });
        int lastBlob = 0;
        for (int i = 0; i < done.size(); i++) {
            if (done.get(i).startsWith("blobs/")) {
                lastBlob = i;
            }
        }
        assertEquals("root.json", done.get(lastBlob + 1), done.toString());
        assertEquals(List.of("channels/balai-kota/playlist.json", "channels/simpang-lima/playlist.json"),
                done.subList(lastBlob + 2, done.size()));
        assertEquals(Map.of("simpang-lima", 1L, "balai-kota", 1L), servedVersions(origin));
        assertEquals(2, r.changed().size());
        assertEquals(done.size(), r.copied());
        PublishFixtures.noTemporaries(origin);
    }

    @Test
    void blobsAlreadyThereAreKeptOnlyWhenTheirBytesMatchTheirName() throws Exception {
        Path origin = tmp.resolve("origin");
        Publisher.publish(v1, origin, TestKeys.NOW, new Publisher.Listener() { });
        // A blob that version 2 still names, damaged in place: same name, other bytes.
        Path damaged;
        try (var s = Files.list(v2.resolve("blobs/sha256"))) {
            damaged = origin.resolve("blobs/sha256").resolve(s.filter(p -> Files.exists(origin.resolve("blobs/sha256")
                    .resolve(p.getFileName()))).sorted().findFirst().orElseThrow().getFileName());
        }
        byte[] bad = Files.readAllBytes(damaged);
        bad[bad.length / 2] ^= 1;
        Files.write(damaged, bad);

        List<String> actions = new ArrayList<>();
        Publisher.Result r = Publisher.publish(v2, origin, TestKeys.NOW, new Publisher.Listener() {
            @Override
            public void fileDone(Publisher.Step step, Publisher.Action action) {
                actions.add(step.path() + " " + action);
            }
        });
        assertTrue(actions.contains("blobs/sha256/" + damaged.getFileName() + " REPLACED"), actions.toString());
        assertTrue(actions.stream().anyMatch(a -> a.endsWith(" ALREADY_THERE") && a.startsWith("blobs/")), actions.toString());
        assertTrue(actions.contains("root.json ALREADY_THERE"), actions.toString());
        assertEquals(Map.of("simpang-lima", 2L, "balai-kota", 2L), servedVersions(origin));
        assertTrue(r.alreadyThere() > 0);
    }

    @Test
    void aPublishInterruptedAfterAnyFileLeavesEveryChannelCompleteAtTheOldOrTheNewVersion() throws Exception {
        Path reference = tmp.resolve("reference");
        Publisher.publish(v1, reference, TestKeys.NOW, new Publisher.Listener() { });
        int total = Publisher.publish(v2, reference, TestKeys.NOW, new Publisher.Listener() { }).copied();
        assertTrue(total >= 4, "enough files to interrupt in between: " + total);

        java.util.Set<Map<String, Long>> seen = new java.util.HashSet<>();
        for (int n = 0; n <= total; n++) {
            for (boolean midFile : new boolean[]{false, true}) {
                Path origin = tmp.resolve("origin-" + n + (midFile ? "-mid" : ""));
                Publisher.publish(v1, origin, TestKeys.NOW, new Publisher.Listener() { });
                List<String> before = Fixtures.snapshot(origin);
                int stopAfter = n;
                int[] finished = {0};
                boolean[] playlistSwapped = {false};
                Publisher.Listener interrupting = new Publisher.Listener() {
                    @Override
                    public void fileProgress(Publisher.Step step, long bytes) {
                        if (midFile && finished[0] == stopAfter) {
                            throw new Interrupted(); // half of a file written to its temporary name
                        }
                    }

                    @Override
                    public void fileDone(Publisher.Step step, Publisher.Action action) {
                        if (action != Publisher.Action.ALREADY_THERE) {
                            finished[0]++;
                            playlistSwapped[0] |= step.path().endsWith("playlist.json");
                        }
                        if (!midFile && finished[0] == stopAfter) {
                            throw new Interrupted();
                        }
                    }
                };
                boolean completed;
                try {
                    Publisher.publish(v2, origin, TestKeys.NOW, interrupting);
                    completed = true;
                } catch (Interrupted e) {
                    completed = false;
                }
                Map<String, Long> served = servedVersions(origin);
                seen.add(served);
                assertEquals(2, served.size(), "after " + n + " files: " + served);
                served.forEach((ch, version) -> assertTrue(version == 1 || version == 2, ch + " " + version));
                if (!playlistSwapped[0]) {
                    assertEquals(Map.of("simpang-lima", 1L, "balai-kota", 1L), served, "only blobs and roots were copied");
                }
                if (n == 0 && !completed) {
                    assertEquals(before, Fixtures.snapshot(origin), "nothing changed before the first file");
                }
                PublishFixtures.noTemporaries(origin);

                // Publishing again finishes the job.
                Publisher.publish(v2, origin, TestKeys.NOW, new Publisher.Listener() { });
                assertEquals(Map.of("simpang-lima", 2L, "balai-kota", 2L), servedVersions(origin));
            }
        }
        // Each playlist switches on its own: old, one channel new, both new were all seen, and nothing else.
        assertEquals(java.util.Set.of(Map.of("simpang-lima", 1L, "balai-kota", 1L), Map.of("simpang-lima", 1L, "balai-kota", 2L),
                Map.of("simpang-lima", 2L, "balai-kota", 2L)), seen);
    }

    @Test
    void aTemporaryFileLeftByAKilledPublishIsRemovedByTheNext() throws Exception {
        Path origin = tmp.resolve("origin");
        Publisher.publish(v1, origin, TestKeys.NOW, new Publisher.Listener() { });
        Path stale = origin.resolve("channels/simpang-lima/.playlist.json" + OriginFiles.TEMP_MARK + "0badc0ffee00");
        Files.writeString(stale, "{\"half\":");
        Path staleBlob = origin.resolve("blobs/sha256/.abc" + OriginFiles.TEMP_MARK + "0badc0ffee00");
        Files.writeString(staleBlob, "half");
        Publisher.publish(v2, origin, TestKeys.NOW, new Publisher.Listener() { });
        PublishFixtures.noTemporaries(origin);
    }

    @Test
    void aBundleWithADamagedBlobIsRefusedBeforeTheOriginIsTouched() throws Exception {
        Path origin = tmp.resolve("origin");
        Publisher.publish(v1, origin, TestKeys.NOW, new Publisher.Listener() { });
        List<String> before = Fixtures.snapshot(origin);
        Path broken = Fixtures.copyTree(v2, tmp.resolve("broken"));
        Path blob;
        try (var s = Files.list(broken.resolve("blobs/sha256"))) {
            blob = s.sorted().findFirst().orElseThrow();
        }
        Files.write(blob, new byte[]{1, 2, 3});
        List<String> problems = new ArrayList<>();
        PackagerException e = assertThrows(PackagerException.class, () -> Publisher.publish(broken, origin, TestKeys.NOW,
                new Publisher.Listener() {
                    @Override
                    public void problem(id.layar.packager.Msg problem) {
                        problems.add(problem.toString());
                    }
                }));
        assertEquals(PackagerException.Kind.INVALID_INPUT, e.kind());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(blob + ": blob-mismatch") || problems.get(0).startsWith(blob + ": "), problems.toString());
        assertEquals(before, Fixtures.snapshot(origin));
    }

    @Test
    void aPlaylistThatDoesNotVerifyIsRefusedBeforeTheOriginIsTouched() throws Exception {
        Path origin = tmp.resolve("origin");
        Publisher.publish(v1, origin, TestKeys.NOW, new Publisher.Listener() { });
        List<String> before = Fixtures.snapshot(origin);
        Path forged = Fixtures.copyTree(v2, tmp.resolve("forged"));
        Path playlist = forged.resolve("channels/simpang-lima/playlist.json");
        String text = Files.readString(playlist);
        int at = text.indexOf("\"sig\":\"") + 7;
        Files.writeString(playlist, text.substring(0, at) + (text.charAt(at) == 'A' ? 'B' : 'A') + text.substring(at + 1));
        List<String> problems = new ArrayList<>();
        PackagerException e = assertThrows(PackagerException.class, () -> Publisher.publish(forged, origin, TestKeys.NOW,
                new Publisher.Listener() {
                    @Override
                    public void problem(id.layar.packager.Msg problem) {
                        problems.add(problem.toString());
                    }
                }));
        assertEquals(PackagerException.Kind.INVALID_INPUT, e.kind());
        assertEquals(List.of(playlist + ": bad-signature: 1 signature(s) by playlist keys do not match the content (tampered or corrupt)"),
                problems);
        assertEquals(before, Fixtures.snapshot(origin));
    }

    @Test
    void goingBackAVersionIsRefusedAndChangesNothing() throws Exception {
        Path origin = tmp.resolve("origin");
        Publisher.publish(v2, origin, TestKeys.NOW, new Publisher.Listener() { });
        List<String> before = Fixtures.snapshot(origin);
        List<String> problems = new ArrayList<>();
        PackagerException e = assertThrows(PackagerException.class, () -> Publisher.publish(v1, origin, TestKeys.NOW,
                new Publisher.Listener() {
                    @Override
                    public void problem(id.layar.packager.Msg problem) {
                        problems.add(problem.toString());
                    }
                }));
        assertEquals(PackagerException.Kind.REFUSED, e.kind());
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("the bundle has version 1 but the origin already has version 2")
                && problems.get(0).contains("--version 3"), problems.get(0));
        assertEquals(before, Fixtures.snapshot(origin));
    }

    @Test
    void anotherPlaylistWithTheSameVersionIsRefused() throws Exception {
        Path origin = tmp.resolve("origin");
        Publisher.publish(v1, origin, TestKeys.NOW, new Publisher.Listener() { });
        Path site = PublishFixtures.site(tmp.resolve("site"), "Lain");
        Path other = PublishFixtures.build(site, tmp.resolve("o/bundle"), 1L);
        PackagerException e = assertThrows(PackagerException.class,
                () -> Publisher.publish(other, origin, TestKeys.NOW, new Publisher.Listener() { }));
        assertEquals(PackagerException.Kind.REFUSED, e.kind());
        // The same bundle again is fine: nothing to do.
        Publisher.Result again = Publisher.publish(v1, origin, TestKeys.NOW, new Publisher.Listener() { });
        assertEquals(0, again.copied());
        assertEquals(List.of(), again.changed());
    }

    @Test
    void aSecondPublishWhileOneHoldsTheLockIsRefusedAndWritesNothing() throws Exception {
        Path origin = tmp.resolve("origin");
        Publisher.publish(v1, origin, TestKeys.NOW, new Publisher.Listener() { });
        Path lockFile = origin.resolve(Publisher.LOCK);
        Object inode = Files.readAttributes(lockFile, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        try (var holder = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.WRITE);
             var held = holder.lock()) {
            PackagerException e = assertThrows(PackagerException.class,
                    () -> Publisher.publish(v2, origin, TestKeys.NOW, new Publisher.Listener() { }));
            assertEquals(PackagerException.Kind.REFUSED, e.kind());
            assertEquals(Map.of("simpang-lima", 1L, "balai-kota", 1L), servedVersions(origin), "nothing of v2 was written");
        }
        Publisher.publish(v2, origin, TestKeys.NOW, new Publisher.Listener() { });
        assertEquals(Map.of("simpang-lima", 2L, "balai-kota", 2L), servedVersions(origin));
        assertEquals(inode, Files.readAttributes(lockFile, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                "every publish locks the same file: one that deleted it would let two publishers lock different files");
    }
}
