package id.layar.packager.cli;

import id.layar.packager.ExitCodes;
import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.Session;
import id.layar.packager.mqtt.BrokerAddress;
import id.layar.packager.mqtt.BrokerLogin;
import id.layar.packager.mqtt.MqttConnect;
import id.layar.packager.publish.Notifier;
import id.layar.packager.publish.Publisher;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code publish BUNDLE --to ORIGIN_DIR [--broker URL]}: copies a verified bundle into the folder an origin serves
 * (blobs first, playlists last, each file atomically) and tells the devices of each changed channel to sync now.
 *
 * <p>Exit 0 also when the broker could not be told (a warning says so): the content is published and devices find it
 * at their next poll. Exit 2 when the bundle does not verify, 3 when the origin has a newer or conflicting version
 * (both before anything was written), 74 when writing failed (the origin still serves complete old content).
 */
@Command(name = "publish", description = "Copies a bundle into an origin folder safely (blobs first, playlists last, atomically) and notifies the devices.")
public final class PublishCommand implements Callable<Integer> {
    /** The longest the notification may take before publish gives up on it (devices poll anyway). */
    static final int NOTIFY_SECONDS = 15;
    private static final long QUARTER_FROM = 16L * 1024 * 1024;

    @Parameters(paramLabel = "BUNDLE", description = "The bundle folder (what build wrote).")
    Path bundle;

    @Option(names = "--to", required = true, paramLabel = "ORIGIN_DIR",
            description = "The folder the origin serves (nginx's root, or the folder given to serve).")
    Path to;

    @Mixin
    BrokerOptions broker;

    private final Session session;

    public PublishCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws Exception {
        BrokerAddress address = broker.address(null); // checked before anything is copied
        BrokerLogin login = address == null ? null : broker.login("publisher");
        Publisher.Result result;
        try {
            result = Publisher.publish(bundle, to, session.clock().instant(), new Progress(session));
        } catch (PackagerException e) {
            if (e.kind() != PackagerException.Kind.IO) {
                session.note("publish.unchanged", to);
            } else {
                session.note("publish.interrupted", to);
            }
            throw e;
        } catch (java.io.IOException | RuntimeException e) {
            session.note("publish.interrupted", to);
            throw e;
        }
        session.say("publish.done", bundle, to, result.copied(), Sizes.human(result.bytesCopied()), result.alreadyThere());
        int width = result.channels().stream().mapToInt(c -> c.channel().length()).max().orElse(0);
        for (Publisher.ChannelChange c : result.channels()) {
            String ch = BuildCommand.pad(c.channel(), width);
            if (!c.changed()) {
                session.say("publish.channel.same", ch, c.version());
            } else if (c.previous() == null) {
                session.say("publish.channel.new", ch, c.version());
            } else {
                session.say("publish.channel.newer", ch, c.version(), c.previous());
            }
        }
        List<Publisher.ChannelChange> changed = result.changed();
        if (changed.isEmpty()) {
            return ExitCodes.OK;
        }
        if (address == null) {
            session.note("publish.noBroker");
            return ExitCodes.OK;
        }
        notifyDevices(address, login, changed);
        return ExitCodes.OK;
    }

    private void notifyDevices(BrokerAddress address, BrokerLogin login, List<Publisher.ChannelChange> changed) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ServeCommand.get(Notifier.announce(vertx, address, login, changed), NOTIFY_SECONDS);
            for (Publisher.ChannelChange c : changed) {
                session.say("publish.notified", c.channel(), c.version(), address);
            }
        } catch (TimeoutException e) {
            session.note("warning.line", session.messages().get("warn.notifyTimeout", address, NOTIFY_SECONDS));
        } catch (Exception e) {
            Msg why = MqttConnect.describe(e, address, login).msg();
            session.note("warning.line", session.messages().get("warn.notNotified", session.text(why)));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** One line per file on stderr: {@code [ 3/14] blobs/sha256/3f2a…  1.4 MB ... copied}; quarters for big files. */
    static final class Progress implements Publisher.Listener {
        private final Session session;
        private long quarter;

        Progress(Session session) {
            this.session = session;
        }

        @Override
        public void verified(Path bundle, int channels, int blobs, long blobBytes) {
            session.note("publish.verified", bundle, session.messages().count(channels, "channel"),
                    session.messages().count(blobs, "blob"), Sizes.human(blobBytes));
        }

        @Override
        public void problem(Msg problem) {
            session.note("error.line", session.text(problem));
        }

        @Override
        public void fileStarted(Publisher.Step s) {
            String width = Integer.toString(s.total());
            String path = s.path().startsWith("blobs/sha256/") ? "blobs/sha256/" + s.path().substring(13, 25) + "…" : s.path();
            session.err().print(session.messages().get("publish.step", BuildCommand.padLeft(Integer.toString(s.number()), width.length()),
                    width, path, Sizes.human(s.size())));
            session.err().flush();
            quarter = 0;
        }

        @Override
        public void fileProgress(Publisher.Step s, long done) {
            if (s.size() < QUARTER_FROM) {
                return;
            }
            long q = Math.min(3, done * 4 / s.size());
            if (q > quarter) {
                quarter = q;
                session.err().print(session.messages().get("progress.frames", q * 25));
                session.err().flush();
            }
        }

        @Override
        public void fileDone(Publisher.Step s, Publisher.Action action) {
            session.note(switch (action) {
                case COPIED -> "publish.copied";
                case REPLACED -> "publish.replaced";
                case UPDATED -> "publish.updated";
                case ALREADY_THERE -> "publish.already";
            });
        }

        @Override
        public void warning(Msg warning) {
            session.note("warning.line", session.text(warning));
        }
    }

    /** Byte counts for people: 532 B, 12.3 KB, 1.4 MB, 2.1 GB (powers of 1000, a dot for decimals). */
    static final class Sizes {
        private Sizes() {
        }

        static String human(long bytes) {
            if (bytes < 1000) {
                return bytes + " B";
            }
            String[] units = {"KB", "MB", "GB", "TB"};
            double v = bytes;
            int u = -1;
            while (v >= 1000 && u < units.length - 1) {
                v /= 1000;
                u++;
            }
            return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
        }
    }
}
