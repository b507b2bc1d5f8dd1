package id.layar.agent;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/** Command-line messages in English or Indonesian: {@code --lang}, else the environment's locale (LANG=id_ID.UTF-8). */
final class CliText {
    private final ResourceBundle bundle;

    CliText(String lang) {
        this.bundle = TechnicianApi.messages(id.layar.agent.ops.OpsText.pick(lang, System.getenv()));
    }

    /** The message with its arguments as given (numbers are passed as text, so versions are not grouped). */
    String get(String key, Object... args) {
        Object[] text = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            text[i] = String.valueOf(args[i]);
        }
        return new MessageFormat(bundle.getString(key), bundle.getLocale()).format(text);
    }
}
