package id.layar.render;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg (through JavaCV) as this project uses it: loading its natives with an error that says what to do, and
 * turning JavaCV's exception texts into what FFmpeg actually said, and FFmpeg's own log: errors only, to SLF4J
 * ({@code id.layar.render.Ffmpeg}), or to a {@link Capture} while one is open (the packager puts them in its
 * problem reports). Nothing goes to stderr behind the application's back.
 */
public final class Ffmpeg {
    private static final Logger log = LoggerFactory.getLogger(Ffmpeg.class);
    private static final Pattern CALL_ERROR = Pattern.compile("^(\\w+\\(\\)) error (-\\d+)");
    /** The context av_log puts first, {@code [mov,mp4,m4a,3gp,3g2,mj2 @ 0x7f...] }: an address means nothing to staff. */
    private static final Pattern CONTEXT = Pattern.compile("^\\[([^\\]@]*?) @ 0x[0-9a-fA-F]+\\]\\s*");
    private static volatile boolean loaded;
    private static volatile Capture capture;

    private Ffmpeg() {
    }

    /**
     * Loads FFmpeg's natives (the first use extracts them to {@code ~/.javacpp/cache}, or to
     * {@code -Dorg.bytedeco.javacpp.cachedir}).
     *
     * @throws IllegalStateException naming the platform when there are no natives for it
     */
    public static void load() {
        if (loaded) {
            return;
        }
        try {
            synchronized (Ffmpeg.class) {
                if (!loaded) {
                    FFmpegFrameGrabber.tryLoad();
                    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
                    avutil.setLogCallback(Log.INSTANCE);
                    loaded = true;
                }
            }
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException("FFmpeg could not be loaded on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + " (" + e + "); video needs linux-x86_64 or linux-arm64 (64-bit"
                    + " Raspberry Pi OS), and a writable ~/.javacpp/cache or -Dorg.bytedeco.javacpp.cachedir", e);
        }
    }

    /** FFmpeg's own text for an error code, like "Invalid data found when processing input". */
    public static String errorText(int code) {
        load();
        byte[] text = new byte[256];
        try (BytePointer buf = new BytePointer(256)) {
            avutil.av_strerror(code, buf, 256);
            buf.get(text);
        }
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A JavaCV exception's message in FFmpeg's words: {@code avformat_open_input(): Invalid data found when
     * processing input} (the function and FFmpeg's text for the error code), else the message without JavaCV's
     * generic hints.
     */
    public static String describe(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "")
                .replace(" (Has setFormat() been called?)", "");
        Matcher code = CALL_ERROR.matcher(m);
        if (code.find()) {
            try {
                return code.group(1) + ": " + errorText(Integer.parseInt(code.group(2)));
            } catch (NumberFormatException | IllegalStateException ignored) {
                // keep the message as it is
            }
        }
        return m;
    }

    /**
     * Collects FFmpeg's error messages (from every thread) until closed; meanwhile they are not logged. One at
     * a time: opening another replaces this one until it is closed.
     */
    public static Capture capture() {
        load();
        Capture c = new Capture(capture);
        capture = c;
        return c;
    }

    /** FFmpeg's error messages seen while open, in order, without repeats. */
    public static final class Capture implements AutoCloseable {
        private final Capture previous;
        private final List<String> messages = new ArrayList<>();

        private Capture(Capture previous) {
            this.previous = previous;
        }

        synchronized void add(String message) {
            if (messages.size() < 50 && !messages.contains(message)) {
                messages.add(message);
            }
        }

        public synchronized List<String> messages() {
            return List.copyOf(messages);
        }

        /** The messages joined with "; ", or null when there were none. */
        public synchronized String joined() {
            return messages.isEmpty() ? null : String.join("; ", messages);
        }

        @Override
        public void close() {
            if (capture == this) {
                capture = previous;
            }
        }
    }

    private static final class Log extends LogCallback {
        static final Log INSTANCE = new Log().retainReference();

        @Override
        public void call(int level, BytePointer msg) {
            if (level > avutil.AV_LOG_ERROR) {
                return;
            }
            String m = msg.getString().strip();
            Matcher context = CONTEXT.matcher(m);
            if (context.find()) {
                m = m.substring(context.end());
            }
            if (m.isEmpty()) {
                return;
            }
            Capture c = capture;
            if (c != null) {
                c.add(m);
            } else {
                log.warn("FFmpeg: {}", m);
            }
        }
    }
}
