package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * criu.invoke's rooms use only the rooms below them: files, then process, proc, image, and
 * criu.invoke itself on top; no room reaches up.
 */
class RoomsTest {
    static final List<String> ORDER = List.of("files", "process", "proc", "image", "");
    static final Pattern USE = Pattern.compile("\\bcriu\\.invoke\\.(?:([a-z]+)\\.)?[A-Z]\\w*");

    @Test
    void eachRoomUsesOnlyTheRoomsBelowIt() throws IOException {
        Path main = Path.of("src/main/java/criu/invoke");
        assertTrue(
                Files.isDirectory(main), "run from the module: " + Path.of("").toAbsolutePath());
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String room = main.relativize(f.getParent()).toString();
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    String used = m.group(1) == null ? "" : m.group(1);
                    if (!used.equals(room)) {
                        uses.computeIfAbsent(room, r -> new TreeSet<>()).add(used);
                    }
                }
            }
        }
        for (Map.Entry<String, Set<String>> e : uses.entrySet()) {
            int level = ORDER.indexOf(e.getKey());
            for (String used : e.getValue()) {
                assertTrue(
                        ORDER.indexOf(used) < level,
                        "room '" + e.getKey() + "' uses '" + used + "', which is not below it: " + uses);
            }
        }
        assertEquals(Set.of("files", "process", "proc", "image"), uses.get(""), "the top uses every room: " + uses);
    }
}
