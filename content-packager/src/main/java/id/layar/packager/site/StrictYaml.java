package id.layar.packager.site;

import id.layar.packager.Msg;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML as staff write it, read safely. Files are composed into a node tree (never into objects), so every
 * value keeps its line and column. Only {@code true}/{@code false}, decimal integers and {@code null} are
 * typed; everything else stays text for our own parsers, so {@code 06:00} is not 360, {@code 2026-11-01} is
 * not a {@code Date} and {@code no} is not {@code false}. Aliases, nesting and size are limited.
 */
public final class StrictYaml {
    /** Announcement and site files are small; anything larger is a mistake (a pasted image?). */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private StrictYaml() {
    }

    /** Recognises only booleans, decimal integers (no octal, no sexagesimal) and null. */
    static final class StrictResolver extends Resolver {
        static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        static final Pattern INT = Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$");
        static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL)$");
        static final Pattern EMPTY = Pattern.compile("^$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "tTfF", 10);
            addImplicitResolver(Tag.INT, INT, "-+0123456789", 40);
            addImplicitResolver(Tag.NULL, NULL, "~nN", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
        }
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_FILE_BYTES);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new StrictResolver());
    }

    /**
     * Composes one file. Problems (not UTF-8, too large, a syntax error with its mark) are added to
     * {@code problems} and null is returned; an empty file also gives null, with no problem.
     */
    public static Node compose(String file, byte[] bytes, List<Problem> problems) {
        if (bytes.length > MAX_FILE_BYTES) {
            problems.add(new Problem(Pos.wholeFile(file), "yaml", Msg.of("exp.yaml.size", MAX_FILE_BYTES),
                    Msg.of("found.bytes", bytes.length)));
            return null;
        }
        String text = decodeUtf8(file, bytes, problems);
        if (text == null) {
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try {
            return yaml().compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(new Problem(Pos.of(file, mark), "yaml", Msg.of("exp.yaml"), Msg.of("found.yaml.error", describe(e))));
        } catch (ReaderException e) {
            problems.add(new Problem(positionOf(file, text, e.getPosition()), "yaml", Msg.of("exp.yaml"),
                    Msg.of("found.yaml.char", String.format("U+%04X", e.getCodePoint()))));
        } catch (RuntimeException e) {
            // YAMLException without a mark, and the NumberFormatException a fuzzer found: a problem, never a crash.
            problems.add(new Problem(Pos.wholeFile(file), "yaml", Msg.of("exp.yaml"),
                    Msg.of("found.yaml.error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        }
        return null;
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : "a syntax error";
        if (problem.contains("'\\t'") || problem.contains("\\t(TAB)")) {
            problem += " (indent with spaces, not tabs)";
        }
        return e.getContext() != null ? problem + " (" + e.getContext() + ")" : problem;
    }

    private static String decodeUtf8(String file, byte[] bytes, List<Problem> problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            out.flip();
            Pos pos = positionOf(file, out.toString(), out.length());
            problems.add(new Problem(pos, "yaml", Msg.of("exp.utf8"), Msg.of("found.notUtf8", in.position())));
            return null;
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    private static Pos positionOf(String file, String text, int charIndex) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(charIndex, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Pos(file, line, column);
    }
}
