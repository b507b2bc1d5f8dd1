package id.layar.packager.cli;

import id.layar.packager.ExitCodes;
import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import id.layar.packager.Session;
import id.layar.packager.build.BuildOptions;
import id.layar.packager.build.BundleBuilder;
import id.layar.packager.keys.KeyStore;
import id.layar.packager.preview.Preview;
import id.layar.packager.site.Channel;
import id.layar.packager.site.Site;
import id.layar.packager.site.SiteInvalidException;
import id.layar.packager.site.SiteLoader;
import id.layar.render.Png;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code preview SITE --channel CH --date D --out DIR}: what the wall shows that day, drawn by the wall's own
 * code. Writes {@code contact-sheet.png} (a thumbnail per change of what plays, with its time and item id),
 * {@code frame-HHMMSS.png} (the exact frame at {@code --at}, lossless: compare it with the device's
 * {@code /frame.png}) and {@code preview.mp4} ({@code --video-seconds} of real frames from {@code --at} at the
 * panel's frame rate). Builds the site into a temporary bundle with throw-away keys, or reads {@code --bundle}.
 */
@Command(name = "preview", description = "Shows what a channel plays on a day: a contact sheet of every change, the exact frame at a moment and a video of real frames, drawn by the code the wall runs.")
public final class PreviewCommand implements Callable<Integer> {
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Parameters(paramLabel = "SITE", description = "The site folder.")
    Path site;

    @Option(names = "--channel", required = true, paramLabel = "CH", description = "The channel to preview.")
    String channel;

    @Option(names = "--date", required = true, paramLabel = "DATE", description = "The day, like 2026-11-24 (in the channel's time zone).")
    String date;

    @Option(names = "--from", defaultValue = "00:00", paramLabel = "HH:MM", description = "Start of the window (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--to", defaultValue = "24:00", paramLabel = "HH:MM", description = "End of the window (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the preview files.")
    Path out;

    @Option(names = "--video-seconds", defaultValue = "10", paramLabel = "N", description = "Seconds of video from --at (default: ${DEFAULT-VALUE}; 0 for none).")
    int videoSeconds;

    @Option(names = "--at", paramLabel = "HH:MM:SS", description = "The moment of the exact frame and the video's start (default: --from).")
    String at;

    @Option(names = "--bundle", paramLabel = "BUNDLE", description = "Preview this built bundle instead of building the site.")
    Path bundle;

    @Option(names = "--keys", paramLabel = "KEYS", description = "Sign the temporary bundle with these keys (default: throw-away keys).")
    Path keys;

    @Option(names = "--cache", paramLabel = "DIR", description = "Transcoded videos kept between previews (default: ~/.cache/layar/preview).")
    Path cache;

    @Option(names = "--max-thumbnails", defaultValue = "240", paramLabel = "N", description = "Most thumbnails on the contact sheet (default: ${DEFAULT-VALUE}).")
    int maxThumbnails;

    private final Session session;

    public PreviewCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws IOException, SiteInvalidException {
        LocalDate day = parseDate(date);
        LocalTime start = parseTime("--from", from);
        LocalTime end = "24:00".equals(to) ? null : parseTime("--to", to);
        LocalTime moment = at == null ? start : parseTime("--at", at);
        if (videoSeconds < 0 || videoSeconds > 600) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.previewSeconds", videoSeconds));
        }
        if (end != null && !end.isAfter(start)) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.previewWindow", from, to));
        }
        Path temp = null;
        try {
            Path source = bundle;
            if (source == null) {
                Site s = SiteLoader.load(site).orThrow();
                if (s.channel(channel).isEmpty()) {
                    throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.previewChannel", channel, s.displayName(),
                            s.channels().stream().map(Channel::id).collect(Collectors.joining(", "))));
                }
                temp = Files.createTempDirectory("layar-preview-");
                Path signing = keys;
                if (signing == null) {
                    signing = temp.resolve("keys");
                    KeyStore.init(signing, session.clock().instant(), 2);
                }
                source = temp.resolve("bundle");
                session.note("preview.building", s.displayName());
                new BundleBuilder(new BuildOptions(null, 1, cache != null ? cache : defaultCache()),
                        new BuildCommand.Progress(session)).build(site, signing, source, session.clock());
            } else {
                session.note("preview.bundle", bundle);
            }
            return preview(source, day, start, end, moment);
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    private int preview(Path source, LocalDate day, LocalTime start, LocalTime end, LocalTime moment) throws IOException {
        Files.createDirectories(out);
        try (Preview preview = Preview.open(source, channel)) {
            ZoneId zone = preview.playlist().timezone();
            Instant windowStart = day.atTime(start).atZone(zone).toInstant();
            Instant windowEnd = end == null ? day.plusDays(1).atStartOfDay(zone).toInstant() : day.atTime(end).atZone(zone).toInstant();
            Instant atInstant = day.atTime(moment).atZone(zone).toInstant();

            List<Preview.Change> changes = preview.changes(windowStart, windowEnd);
            session.note("preview.changes", channel, changes.size(), start, end == null ? "24:00" : end, zone);
            Path sheet = out.resolve("contact-sheet.png");
            String title = channel + "  " + day + "  " + start + "–" + (end == null ? "24:00" : end) + "  " + zone
                    + "  " + preview.playlist().panel();
            preview.contactSheet(changes, maxThumbnails, title, sheet);
            if (changes.size() > maxThumbnails) {
                session.note("preview.sheetCapped", maxThumbnails, changes.size(),
                        changes.get(maxThumbnails - 1).until().atZone(zone).toLocalTime().format(HMS));
            }
            session.say("preview.sheet", sheet);

            Path frame = out.resolve("frame-" + moment.format(DateTimeFormatter.ofPattern("HHmmss")) + ".png");
            Files.write(frame, Png.encode(preview.frameAt(atInstant)));
            session.say("preview.frame", moment.format(HMS), frame);

            if (videoSeconds > 0) {
                Path video = out.resolve("preview.mp4");
                preview.video(atInstant, videoSeconds, video, (done, total) -> session.note("preview.progress", done, total));
                session.say("preview.video", video, videoSeconds, preview.playlist().panel().fps(), moment.format(HMS));
            }
        }
        session.say("preview.done", channel, day, out);
        return ExitCodes.OK;
    }

    private static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("layar").resolve("preview");
    }

    private static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.previewDate", text));
        }
    }

    private static LocalTime parseTime(String option, String text) {
        if (text != null && text.matches("\\d{1,2}:\\d{2}(:\\d{2})?")) {
            String[] p = text.split(":");
            int h = Integer.parseInt(p[0]);
            int m = Integer.parseInt(p[1]);
            int s = p.length > 2 ? Integer.parseInt(p[2]) : 0;
            if (h <= 23 && m <= 59 && s <= 59) {
                return LocalTime.of(h, m, s);
            }
        }
        throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.previewTime", option, text));
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a temporary folder; the system cleans it eventually
        }
    }
}
