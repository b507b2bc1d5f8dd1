package id.layar.packager.site;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Where something is written: a file as shown to the user (relative to the site folder's parent, with
 * {@code /}) and a 1-based line and column; line 0 means the file as a whole.
 */
public record Pos(String file, int line, int column) {
    public static Pos of(String file, Mark mark) {
        return mark == null ? wholeFile(file) : new Pos(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    public static Pos of(String file, Node node) {
        return of(file, node.getStartMark());
    }

    public static Pos wholeFile(String file) {
        return new Pos(file, 0, 0);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
