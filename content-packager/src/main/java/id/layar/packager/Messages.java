package id.layar.packager;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * User-facing text in English ({@code Messages.properties}) or Indonesian ({@code Messages_id.properties}).
 * Patterns are {@link MessageFormat}s whose arguments are always text (see {@link Msg}).
 */
public final class Messages {
    private static final String BUNDLE = "id.layar.packager.Messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ResourceBundle bundle;
    private final Locale locale;

    private Messages(Locale locale) {
        this.locale = locale;
        // No fallback to the JVM's default locale: "--lang en" on an Indonesian machine means English.
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale, NO_FALLBACK);
    }

    public static Messages english() {
        return Holder.ENGLISH;
    }

    public static Messages indonesian() {
        return Holder.INDONESIAN;
    }

    /** {@code id} or {@code en}; null picks by {@link Locale#getDefault()} (Indonesian for {@code id}/{@code in}). */
    public static Messages forLanguage(String lang) {
        String l = lang != null ? lang : Locale.getDefault().getLanguage();
        return switch (l.toLowerCase(Locale.ROOT)) {
            case "id", "in", "ind" -> indonesian();
            default -> english();
        };
    }

    public Locale locale() {
        return locale;
    }

    /** "1 announcement" / "7 announcements": {@code unit.<name>.one} or {@code unit.<name>.many}. */
    public String count(long n, String unit) {
        return get("unit." + unit + (n == 1 ? ".one" : ".many"), n);
    }

    public String format(Msg msg) {
        Object[] args = new Object[msg.args().length];
        for (int i = 0; i < args.length; i++) {
            args[i] = msg.args()[i] instanceof Msg nested ? format(nested) : msg.args()[i];
        }
        return get(msg.key(), args);
    }

    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            // A missing translation must never hide the message itself.
            pattern = locale == Locale.ROOT ? key : english().bundle.getString(key);
        }
        if (args.length == 0) {
            return pattern.replace("''", "'");
        }
        Object[] text = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            // Arguments are shown as written: no grouping of 1004 into "1,004", no localised dates.
            text[i] = args[i] instanceof Msg m ? format(m) : String.valueOf(args[i]);
        }
        return new MessageFormat(pattern, Locale.ROOT).format(text);
    }

    private static final class Holder {
        static final Messages ENGLISH = new Messages(Locale.ROOT);
        static final Messages INDONESIAN = new Messages(Locale.forLanguageTag("id"));
    }
}
