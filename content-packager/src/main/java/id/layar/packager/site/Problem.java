package id.layar.packager.site;

import id.layar.packager.Messages;
import id.layar.packager.Msg;

/**
 * One thing wrong in a site, shown as {@code file:line:column: field: expected ..., found ...}.
 *
 * @param pos      where (the field's value, or its key when the key itself is wrong)
 * @param field    the field's path, like {@code schedule.hours[1]} or {@code channels.simpang-lima.width}
 * @param expected what would be valid, ideally with an example or the fix
 * @param found    what is there
 */
public record Problem(Pos pos, String field, Msg expected, Msg found) {
    public String format(Messages messages) {
        return messages.get("problem.line", pos.toString(), field, messages.format(expected), messages.format(found));
    }

    /** The English form: {@code file:line:column: field: expected ..., found ...}. */
    @Override
    public String toString() {
        return format(Messages.english());
    }
}
