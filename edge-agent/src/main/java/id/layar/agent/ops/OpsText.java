package id.layar.agent.ops;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The technician commands' messages in English or Indonesian: {@code --lang}, else the environment's locale
 * ({@code LC_ALL}, {@code LC_MESSAGES}, {@code LANG}; {@code id_ID.UTF-8} picks Indonesian).
 */
public final class OpsText {
    static final String BUNDLE = "id.layar.agent.ops.Ops";
    public static final Locale INDONESIAN = Locale.forLanguageTag("id");

    private final ResourceBundle bundle;

    OpsText(Locale locale) {
        // No fallback to the JVM's default locale: English is the base bundle, whatever the machine says.
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Messages for {@code --lang} (en, id), or from the environment when it is null or blank. */
    public static OpsText forLang(String lang) {
        return new OpsText(pick(lang, System.getenv()));
    }

    /** {@code --lang} when given, else LC_ALL, LC_MESSAGES, LANG: Indonesian for {@code id}/{@code in}, else English. */
    public static Locale pick(String lang, Map<String, String> env) {
        String tag = lang;
        if (tag == null || tag.isBlank()) {
            for (String k : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
                String v = env.get(k);
                if (v != null && !v.isBlank()) {
                    tag = v;
                    break;
                }
            }
        }
        String t = tag == null ? "" : tag.toLowerCase(Locale.ROOT);
        return t.startsWith("id") || t.startsWith("in") ? INDONESIAN : Locale.ENGLISH;
    }

    public Locale locale() {
        return bundle.getLocale().getLanguage().isEmpty() ? Locale.ENGLISH : bundle.getLocale();
    }

    /** The message with its arguments as text (so versions and ports are not grouped like 1.234). */
    public String get(String key, Object... args) {
        Object[] text = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            text[i] = String.valueOf(args[i]);
        }
        return new MessageFormat(bundle.getString(key), locale()).format(text);
    }
}
