package id.layar.packager.site;

import id.layar.packager.Msg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one composed YAML file field by field, collecting every problem with the position of the exact
 * node at fault. Typed getters return null when a value is missing or wrong (after recording why), so the
 * caller carries on and finds the next problem.
 */
final class YamlFile {
    private static final int MAX_SHOWN = 60;

    final String file;
    final List<Problem> problems;

    YamlFile(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    void problem(Node at, String field, Msg expected, Msg found) {
        problems.add(new Problem(Pos.of(file, at), field, expected, found));
    }

    void problem(Pos at, String field, Msg expected, Msg found) {
        problems.add(new Problem(at, field, expected, found));
    }

    Pos pos(Node node) {
        return Pos.of(file, node);
    }

    /** The fields of one mapping, duplicates and unknown names already reported. */
    final class Fields {
        final MappingNode node;
        final String prefix;
        private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

        private Fields(MappingNode node, String prefix) {
            this.node = node;
            this.prefix = prefix;
            for (NodeTuple t : node.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key) || isNull(key)) {
                    problem(t.getKeyNode(), prefix.isEmpty() ? "yaml" : prefix, Msg.of("exp.fieldName"), found(t.getKeyNode()));
                    continue;
                }
                NodeTuple first = entries.putIfAbsent(key.getValue(), t);
                if (first != null) {
                    problem(key, path(key.getValue()), Msg.of("exp.once"),
                            Msg.of("found.again", key.getValue(), first.getKeyNode().getStartMark().getLine() + 1));
                }
            }
        }

        /** Reports every field not in {@code allowed}, naming the allowed ones (and the likely intended one). */
        void allowOnly(List<String> allowed, Msg allowedText) {
            for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    String near = nearest(e.getKey(), allowed);
                    problem(e.getValue().getKeyNode(), path(e.getKey()), allowedText,
                            near == null ? Msg.of("found.unknownField", shorten(e.getKey()))
                                    : Msg.of("found.unknownFieldNear", shorten(e.getKey()), near));
                }
            }
        }

        Node get(String key) {
            NodeTuple t = entries.get(key);
            return t == null ? null : t.getValueNode();
        }

        /** The value, or null after reporting it as missing (absent or written as nothing). */
        Node required(String key, Msg expected) {
            Node n = get(key);
            if (n == null) {
                problem(node, path(key), expected, Msg.of("found.missing"));
                return null;
            }
            if (isNull(n)) {
                problem(n, path(key), expected, Msg.of("found.nothing"));
                return null;
            }
            return n;
        }

        /** The value, or null when absent or written as nothing (so the default applies). */
        Node optional(String key) {
            Node n = get(key);
            return n == null || isNull(n) ? null : n;
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        Node keyNode(String key) {
            NodeTuple t = entries.get(key);
            return t == null ? null : t.getKeyNode();
        }

        List<String> names() {
            return new ArrayList<>(entries.keySet());
        }

        String path(String key) {
            return prefix.isEmpty() ? key : prefix + "." + key;
        }
    }

    /** A mapping's fields, or null after reporting that {@code node} is not a mapping. */
    Fields fields(Node node, String field, Msg expected) {
        if (node instanceof MappingNode m) {
            return new Fields(m, field);
        }
        problem(node, field.isEmpty() ? "yaml" : field, expected, found(node));
        return null;
    }

    /** Text from any scalar (so {@code title: 2026} is the text "2026"), or null after a problem. */
    String text(Node node, String field, Msg expected) {
        if (node instanceof ScalarNode s && !isNull(s)) {
            return s.getValue();
        }
        problem(node, field, expected, found(node));
        return null;
    }

    /** A decimal integer in {@code min..max}, or null after a problem. */
    Long integer(Node node, String field, long min, long max, Msg expected) {
        if (node instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
            try {
                long v = Long.parseLong(s.getValue().startsWith("+") ? s.getValue().substring(1) : s.getValue());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // far out of range: reported below like any other out-of-range number
            }
        }
        problem(node, field, expected, found(node));
        return null;
    }

    /** {@code true} or {@code false}, or null after a problem. */
    Boolean bool(Node node, String field, Msg expected) {
        if (node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT));
        }
        problem(node, field, expected, found(node));
        return null;
    }

    /** The items of a list, or null after a problem. */
    List<Node> list(Node node, String field, Msg expected) {
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        problem(node, field, expected, found(node));
        return null;
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** What a node is, for "found ...". */
    static Msg found(Node n) {
        if (n == null || isNull(n)) {
            return Msg.of("found.nothing");
        }
        if (n instanceof SequenceNode) {
            return Msg.of("found.list");
        }
        if (n instanceof MappingNode) {
            return Msg.of("found.mapping");
        }
        ScalarNode s = (ScalarNode) n;
        if (Tag.INT.equals(s.getTag()) || Tag.BOOL.equals(s.getTag())) {
            return Msg.of("found.plain", s.getValue());
        }
        return Msg.of("found.value", shorten(s.getValue()));
    }

    static String shorten(String s) {
        String oneLine = s.replace("\n", "\\n");
        return oneLine.length() <= MAX_SHOWN ? oneLine : oneLine.substring(0, MAX_SHOWN - 1) + "…";
    }

    /** The allowed name closest to a misspelt one (edit distance at most 2), or null. */
    static String nearest(String name, List<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String a : allowed) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), a);
            if (d < bestDistance) {
                bestDistance = d;
                best = a;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
