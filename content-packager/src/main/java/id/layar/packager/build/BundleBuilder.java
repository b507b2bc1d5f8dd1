package id.layar.packager.build;

import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import id.layar.packager.keys.KeyStore;
import id.layar.packager.site.Announcement;
import id.layar.packager.site.Channel;
import id.layar.packager.site.Content;
import id.layar.packager.site.Problem;
import id.layar.packager.site.Site;
import id.layar.packager.site.SiteInvalidException;
import id.layar.packager.site.SiteLoader;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Envelope;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Playlist;
import id.layar.playlist.PlaylistCodec;
import id.layar.playlist.Priority;
import id.layar.playlist.Rejection;
import id.layar.playlist.Root;
import id.layar.playlist.TrustedRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a signed bundle from a site: the one entry point for the {@code build} command, the end-to-end
 * tests and the demo.
 *
 * <pre>{@code
 * BuildResult r = new BundleBuilder().build(siteDir, keysDir, bundleDir, Clock.systemUTC());
 * // or, with options and progress:
 * new BundleBuilder(new BuildOptions(7L, 30), listener).build(siteDir, keysDir, bundleDir, clock);
 * }</pre>
 *
 * <p>What it does, in order:
 * <ol>
 *   <li>loads and checks the site ({@link SiteLoader}); any problem throws {@link SiteInvalidException} and
 *       nothing is written;</li>
 *   <li>loads {@code signing.key}, {@code signing.pub} and {@code root.json} from {@code keysDir} and checks that
 *       they belong together and that the root lists the signing key for playlists
 *       ({@link KeyStore#loadForSigning});</li>
 *   <li>for each channel (site.yaml order) and each announcement targeting it (file-name order) renders the
 *       blob at the channel's geometry (slide and image: a PNG of exactly the panel size; ticker: a strip as
 *       tall as the panel, its duration the time to cross the panel once; clock: its face; video: H.264 in MP4
 *       at the panel's size and frame rate, from the {@link TranscodeCache} when the source and settings did
 *       not change, its duration as written or its own length). Rendering problems of all items (a damaged
 *       video among them) are collected and thrown together as {@link SiteInvalidException};</li>
 *   <li>signs one playlist per channel: version = {@link BuildOptions#version()}, or the previous version of
 *       that channel in {@code bundleDir} + 1, or 1; issued = {@code clock.instant()} to the second; expires =
 *       issued + {@link BuildOptions#expiresDays()};</li>
 *   <li>writes {@code root.json} (copied byte for byte), {@code channels/<id>/playlist.json} and
 *       {@code blobs/sha256/<hex>} into a temporary folder beside {@code bundleDir}, verifies every playlist
 *       against that root as a device would, and swaps the folder into place ({@link BundleWriter}).</li>
 * </ol>
 * On any failure the existing bundle is left byte for byte as it was and no temporary folder remains.
 * Instances hold no state between builds; a build is not thread-safe with another build of the same bundle
 * (a lock file refuses the second one).
 */
public final class BundleBuilder {
    public static final String MEDIA_TYPE = "image/png";

    private final BuildOptions options;
    private final BuildListener listener;

    /** Default options (next version, 30 days), no progress output. */
    public BundleBuilder() {
        this(BuildOptions.DEFAULTS, BuildListener.SILENT);
    }

    public BundleBuilder(BuildOptions options, BuildListener listener) {
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Builds and publishes the bundle.
     *
     * @param siteDir   the site folder (site.yaml, announcements/, media/)
     * @param keysDir   the keys folder ({@code keys init}); only signing.key, signing.pub and root.json are read
     * @param bundleDir the bundle folder to create or replace
     * @param clock     gives the issue time
     * @throws SiteInvalidException the site has problems (structure or rendering); nothing was published
     * @throws PackagerException    keys that do not fit together, a version that would roll devices back, a
     *                              target folder that is not a bundle, another build running
     * @throws IOException          reading or writing failed; nothing was published
     */
    public BuildResult build(Path siteDir, Path keysDir, Path bundleDir, Clock clock) throws IOException, SiteInvalidException {
        Site site = SiteLoader.load(siteDir).orThrow();
        listener.validated(site);
        KeyStore.SigningKeys keys = KeyStore.loadForSigning(keysDir);
        listener.keysLoaded(keys);
        checkEmergencyPolicy(site, keys, keysDir);

        Instant issued = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = issued.plus(Duration.ofDays(options.expiresDays()));
        Instant rootExpires = keys.root().root().expires();
        if (!rootExpires.isAfter(issued)) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.rootExpired", keysDir.resolve(KeyStore.ROOT_JSON), rootExpires));
        }
        if (rootExpires.isBefore(expires)) {
            listener.warning(Msg.of("warn.rootExpiresFirst", rootExpires, expires));
        }

        TranscodeCache cache = new TranscodeCache(options.cacheDir() != null ? options.cacheDir()
                : TranscodeCache.besideBundle(bundleDir));
        try (BundleWriter writer = BundleWriter.open(bundleDir, options.version() == null)) {
            Map<String, Long> versions = versions(site, writer.previousVersions(), bundleDir);
            Map<String, List<Item>> items = render(site, writer, cache);
            List<BuildResult.ChannelResult> results = new ArrayList<>();
            Map<String, byte[]> envelopes = new LinkedHashMap<>();
            for (Channel c : site.channels()) {
                Playlist p = new Playlist(c.id(), versions.get(c.id()), issued, expires, c.timezone(), c.panel(), items.get(c.id()),
                        c.powerOff());
                byte[] envelope = Envelope.sign(Envelope.PLAYLIST_TYPE, PlaylistCodec.encode(p), List.of(keys.signingKey())).toBytes();
                Path file = writer.putPlaylist(c.id(), envelope);
                envelopes.put(c.id(), envelope);
                listener.signed(c.id(), p.version(), p.items().size());
                results.add(new BuildResult.ChannelResult(c.id(), p.version(), p.items().size(), issued, expires, file));
            }
            writer.putRoot(keys.rootJson());
            selfCheck(keys.rootJson(), envelopes, issued);
            listener.publishing(writer.bundle());
            int blobs = writer.blobCount();
            writer.commit();
            return new BuildResult(writer.bundle(), results, blobs, KeyStore.fingerprint(keys.rootJson()),
                    cache.encoded(), cache.reused(), cache.dir());
        }
    }

    private Map<String, Long> versions(Site site, Map<String, Long> previous, Path bundleDir) {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (Channel c : site.channels()) {
            Long before = previous.get(c.id());
            long v;
            if (options.version() != null) {
                v = options.version();
                if (before != null && v <= before) {
                    throw new PackagerException(Kind.REFUSED, Msg.of("err.versionNotNewer", v, c.id(), before, bundleDir));
                }
            } else {
                v = before == null ? 1 : before + 1;
            }
            versions.put(c.id(), v);
        }
        return versions;
    }

    private Map<String, List<Item>> render(Site site, BundleWriter writer, TranscodeCache cache)
            throws IOException, SiteInvalidException {
        int total = site.channels().stream().mapToInt(c -> site.announcementsFor(c.id()).size()).sum();
        int n = 0;
        List<Problem> problems = new ArrayList<>();
        Map<String, List<Item>> items = new LinkedHashMap<>();
        for (Channel c : site.channels()) {
            List<Item> list = new ArrayList<>();
            for (Announcement a : site.announcementsFor(c.id())) {
                BuildListener.Step step = new BuildListener.Step(++n, total, c.id(), a.id(), a.content().type(),
                        c.panel().width(), c.panel().height());
                listener.stepStarted(step);
                long t0 = System.nanoTime();
                Item item;
                try {
                    item = a.content() instanceof Content.Video v ? video(a, v, c, step, writer, cache) : still(a, c, writer);
                } catch (ContentRenderer.RenderException e) {
                    if (!problems.contains(e.problem())) {
                        problems.add(e.problem()); // once, though a bad image fails on every channel
                    }
                    listener.stepFailed(step, e.problem());
                    continue;
                }
                list.add(item);
                listener.stepFinished(step, (System.nanoTime() - t0) / 1_000_000);
            }
            items.put(c.id(), list);
        }
        if (!problems.isEmpty()) {
            problems.sort(SiteLoader.READING_ORDER);
            throw new SiteInvalidException(site.displayName(), problems);
        }
        return items;
    }

    private Item still(Announcement a, Channel c, BundleWriter writer) throws IOException, ContentRenderer.RenderException {
        ContentRenderer.Rendered r = ContentRenderer.render(a, c);
        BlobRef blob = writer.putBlob(r.png(), MEDIA_TYPE);
        return new Item(a.id(), a.title(), r.kind(), blob, r.durationMs(), a.priority(), a.rules(),
                a.content() instanceof Content.Ticker t ? t.speed() : 0);
    }

    private Item video(Announcement a, Content.Video v, Channel c, BuildListener.Step step, BundleWriter writer,
                       TranscodeCache cache) throws IOException, ContentRenderer.RenderException {
        Problem before = VideoContent.problem(a, v, c);
        if (before != null) {
            throw new ContentRenderer.RenderException(before, null);
        }
        TranscodeCache.Entry entry;
        try {
            entry = cache.get(v.file(), VideoContent.settings(a, v, c), (done, expected) -> listener.transcoding(step, done, expected));
        } catch (VideoTranscoder.TranscodeException e) {
            throw new ContentRenderer.RenderException(VideoContent.damaged(v, e), e);
        }
        if (entry.reused()) {
            listener.mediaReused(step);
        }
        long duration = VideoContent.durationMs(a, entry.frames(), c.panel().fps());
        if (duration < 100) {
            throw new ContentRenderer.RenderException(VideoContent.tooShort(a, v, c, entry.frames()), null);
        }
        BlobRef blob = writer.putBlobFile(entry.file(), entry.sha256(), entry.size(), VideoContent.MEDIA_TYPE);
        return new Item(a.id(), a.title(), ItemKind.VIDEO, blob, duration, a.priority(), a.rules(), 0);
    }

    /**
     * A root may require more signatures (an {@code emergency} role) for playlists carrying an emergency item;
     * this build signs with signing.key only, so it refuses up front rather than publish what devices reject.
     */
    private static void checkEmergencyPolicy(Site site, KeyStore.SigningKeys keys, Path keysDir) {
        Root root = keys.root().root();
        if (!root.roles().containsKey(Root.EMERGENCY_ROLE)) {
            return;
        }
        Root.Role role = root.role(Root.EMERGENCY_ROLE);
        boolean enough = role.threshold() <= 1 && role.keyIds().contains(keys.signingKeyId());
        List<String> emergencies = site.announcements().stream()
                .filter(a -> a.priority() == Priority.EMERGENCY).map(Announcement::id).toList();
        if (!enough && !emergencies.isEmpty()) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.emergencyRole", keysDir.resolve(KeyStore.ROOT_JSON),
                    role.threshold(), String.join(", ", emergencies)));
        }
    }

    /** Verifies every playlist against the root being published, exactly as a device will. */
    private static void selfCheck(byte[] rootJson, Map<String, byte[]> envelopes, Instant issued) {
        try {
            TrustedRoot root = TrustedRoot.load(rootJson);
            for (Map.Entry<String, byte[]> e : envelopes.entrySet()) {
                root.verifyPlaylist(e.getValue(), e.getKey(), 0, issued);
            }
        } catch (Rejection e) {
            throw new IllegalStateException("the bundle just signed does not verify: " + e.describe(), e);
        }
    }
}
