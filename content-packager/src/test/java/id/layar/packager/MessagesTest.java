package id.layar.packager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import id.layar.playlist.proof.ChainCheck;
import org.junit.jupiter.api.Test;

class MessagesTest {
    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/id/layar/packager/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Set<String> placeholders(String pattern) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\{(\\d+)}").matcher(pattern);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void indonesianHasEveryEnglishMessageWithTheSameArguments() throws IOException {
        Properties en = load("Messages.properties");
        Properties id = load("Messages_id.properties");
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(id.stringPropertyNames()));
        for (String key : en.stringPropertyNames()) {
            assertEquals(placeholders(en.getProperty(key)), placeholders(id.getProperty(key)), key);
        }
    }

    @Test
    void framingWordsAreTranslated() {
        Msg expected = Msg.of("exp.date");
        assertNotEquals(Messages.english().format(expected), Messages.indonesian().format(expected));
        assertEquals("a: b: expected x, found y", Messages.english().get("problem.line", "a", "b", "x", "y"));
        assertEquals("a: b: seharusnya x, ditemukan y", Messages.indonesian().get("problem.line", "a", "b", "x", "y"));
        assertEquals("3 problems in site", Messages.english().get("problems.many", 3, "site"));
        assertEquals("3 masalah di site", Messages.indonesian().get("problems.many", 3, "site"));
    }

    @Test
    void numbersAreNotRegrouped() {
        assertEquals("ok (1004 ms)", Messages.english().get("progress.ok", 1004L));
        assertEquals("1 announcement", Messages.english().count(1, "announcement"));
        assertEquals("7 announcements", Messages.english().count(7, "announcement"));
    }

    /** A key the code asks for but no bundle has prints as the raw key in English and throws in Indonesian. */
    @Test
    void everyKeyTheCodeUsesIsInTheBundles() throws IOException {
        Properties en = load("Messages.properties");
        Pattern call = Pattern.compile("(?:Msg\\.of|session\\.note|session\\.say|messages\\(\\)\\.get|\\bm\\.get|messages\\.get)"
                + "\\(\\s*\"([a-z][a-zA-Z]*\\.[a-zA-Z.]+)\"");
        Set<String> used = new TreeSet<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        for (Path f : sources) {
            Matcher m = call.matcher(Files.readString(f, StandardCharsets.UTF_8));
            while (m.find()) {
                if (!m.group(1).endsWith(".")) { // a prefix the code completes, like "plays.break." + kind
                    used.add(m.group(1));
                }
            }
        }
        assertTrue(used.size() > 200, "the scan finds the code's keys: " + used.size());
        for (ChainCheck.Kind kind : ChainCheck.Kind.values()) {
            used.add("plays.break." + kind.name()); // FleetPlaysCommand builds these from the kind
        }
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(en.stringPropertyNames());
        assertEquals(Set.of(), missing, "keys used in src/main/java but missing from Messages.properties");
    }
}
