package id.layar.packager.cli;

import id.layar.packager.ExitCodes;
import id.layar.packager.Msg;
import id.layar.packager.Session;
import id.layar.packager.build.BuildListener;
import id.layar.packager.build.BuildOptions;
import id.layar.packager.build.BuildResult;
import id.layar.packager.build.BundleBuilder;
import id.layar.packager.keys.KeyStore;
import id.layar.packager.site.Problem;
import id.layar.packager.site.Site;
import id.layar.packager.site.SiteInvalidException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code build SITE --keys KEYS --out BUNDLE}: validates, renders, signs and publishes a bundle atomically. */
@Command(name = "build", description = "Validates a site, renders it, signs one playlist per channel and writes the bundle atomically.")
public final class BuildCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SITE", description = "The site folder.")
    Path site;

    @Option(names = "--keys", required = true, paramLabel = "KEYS", description = "The keys folder (signing.key, signing.pub, root.json).")
    Path keys;

    @Option(names = "--out", required = true, paramLabel = "BUNDLE", description = "The bundle folder to create or replace.")
    Path out;

    @Option(names = "--version", paramLabel = "N", description = "Playlist version (default: the bundle's previous version + 1, or 1).")
    Long version;

    @Option(names = "--expires-days", paramLabel = "DAYS", defaultValue = "30", description = "Days the playlists stay valid (default: ${DEFAULT-VALUE}).")
    int expiresDays;

    @Option(names = "--cache", paramLabel = "DIR", description = "Where transcoded videos are kept between builds (default: BUNDLE.cache beside the bundle).")
    Path cache;

    private final Session session;

    public BuildCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws IOException, SiteInvalidException {
        BuildResult result;
        try {
            result = new BundleBuilder(new BuildOptions(version, expiresDays, cache), new Progress(session))
                    .build(site, keys, out, session.clock());
        } catch (IOException | SiteInvalidException | RuntimeException e) {
            session.note("build.unchanged", out);
            throw e;
        }
        session.say("build.done", out, session.messages().count(result.blobs(), "blob"), result.rootFingerprint());
        int width = result.channels().stream().mapToInt(c -> c.channel().length()).max().orElse(0);
        for (BuildResult.ChannelResult c : result.channels()) {
            session.say("build.channel", pad(c.channel(), width), c.version(), session.messages().count(c.items(), "item"), c.expires());
        }
        if (result.videosEncoded() + result.videosReused() > 0) {
            session.say("build.videos", result.videosEncoded(), result.videosReused(), result.cache());
        }
        return ExitCodes.OK;
    }

    static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /**
     * Prints each step on stderr: {@code [3/12] simpang-lima  cegah-dbd  slide  768x384 ... ok (41 ms)}; a video
     * being transcoded shows its progress in quarters ({@code 25% 50% 75%}) before the result.
     */
    static final class Progress implements BuildListener {
        private final Session session;
        private int channelWidth;
        private int idWidth;
        private boolean reused;
        private long quarter;

        Progress(Session session) {
            this.session = session;
        }

        @Override
        public void validated(Site site) {
            channelWidth = site.channels().stream().mapToInt(c -> c.id().length()).max().orElse(0);
            idWidth = site.announcements().stream().mapToInt(a -> a.id().length()).max().orElse(0);
            session.note("progress.validated", site.displayName(), session.messages().count(site.announcements().size(), "announcement"),
                    session.messages().count(site.channels().size(), "channel"));
        }

        @Override
        public void keysLoaded(KeyStore.SigningKeys keys) {
            session.note("progress.keys", keys.signingKeyId().substring(0, 16), keys.root().root().version(),
                    keys.root().root().expires());
        }

        @Override
        public void stepStarted(Step s) {
            String width = Integer.toString(s.total());
            session.err().print(session.messages().get("progress.step",
                    padLeft(Integer.toString(s.number()), width.length()), width, pad(s.channel(), channelWidth),
                    pad(s.id(), idWidth), pad(s.type(), 6), s.width() + "x" + s.height()));
            session.err().flush();
        }

        @Override
        public void mediaReused(Step s) {
            reused = true;
        }

        @Override
        public void transcoding(Step s, long done, long expected) {
            long q = expected > 0 ? Math.min(3, done * 4 / expected) : 0;
            if (q > quarter) {
                quarter = q;
                session.err().print(session.messages().get("progress.frames", q * 25));
                session.err().flush();
            }
        }

        @Override
        public void stepFinished(Step s, long millis) {
            session.note(reused ? "progress.reused" : "progress.ok", millis);
            reused = false;
            quarter = 0;
        }

        @Override
        public void stepFailed(Step s, Problem problem) {
            reused = false;
            quarter = 0;
            session.note("progress.failed", session.text(problem.found()));
        }

        @Override
        public void signed(String channel, long version, int items) {
            session.note("progress.signed", channel, version, session.messages().count(items, "item"));
        }

        @Override
        public void publishing(Path bundle) {
            session.note("progress.publishing", bundle);
        }

        @Override
        public void warning(Msg warning) {
            session.note("warning.line", session.text(warning));
        }
    }
}
