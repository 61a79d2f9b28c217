package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.image.Generations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lsf.env.CheckpointDir;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint directory's names have one home: {@link CheckpointDir} for Java, the shell library
 * for the scripts, the same in both, and spelled nowhere else in the programs, the scripts or the
 * image's tests. (The LSF emulator spells LSF's own names, {@code .restart_cmd} among them, as LSF
 * does: it is the independent side of the contract. Inside the generations directory, criu.invoke
 * names what it keeps.)
 */
class CheckpointDirTest {
    static final Map<String, String> SHELL_NAMES = new LinkedHashMap<>();

    static {
        SHELL_NAMES.put("LSF_CRIU_LOG", CheckpointDir.LOG);
        SHELL_NAMES.put("LSF_CRIU_EVENTS", CheckpointDir.EVENTS);
        SHELL_NAMES.put("LSF_CRIU_STATE", CheckpointDir.STATE);
        SHELL_NAMES.put("LSF_CRIU_RESTORED_PID", CheckpointDir.RESTORED_PID);
        SHELL_NAMES.put("LSF_CRIU_RESTORE_CRIU_PID", CheckpointDir.RESTORE_CRIU_PID);
        SHELL_NAMES.put("LSF_CRIU_RESTORE_OUT", CheckpointDir.RESTORE_OUT);
        SHELL_NAMES.put("LSF_CRIU_RESTORE_STARTED", CheckpointDir.RESTORE_STARTED);
        SHELL_NAMES.put("LSF_CRIU_RESTART_CMD", CheckpointDir.RESTART_CMD);
        SHELL_NAMES.put("LSF_CRIU_EXIT_STATUS", CheckpointDir.EXIT_STATUS);
        SHELL_NAMES.put("LSF_CRIU_CURRENT", CheckpointDir.GENERATIONS + "/" + Generations.CURRENT);
    }

    static final List<String> NAMES = List.of(
            CheckpointDir.STATE,
            CheckpointDir.STATE_LOCK,
            CheckpointDir.LOG,
            CheckpointDir.EVENTS,
            CheckpointDir.RESTART_CMD,
            CheckpointDir.RESTORED_PID,
            CheckpointDir.RESTORE_CRIU_PID,
            CheckpointDir.RESTORE_OUT,
            CheckpointDir.RESTORE_STARTED,
            CheckpointDir.EXIT_STATUS,
            CheckpointDir.SUMMARY_PREFIX);

    static Path top() {
        return TerminateFastPathParityTest.script("lsf-criu-lib.sh")
                .getParent()
                .getParent()
                .getParent();
    }

    @Test
    void theShellLibraryNamesWhatCheckpointDirNames() throws IOException {
        Map<String, String> shell = new LinkedHashMap<>();
        for (String line : Files.readAllLines(TerminateFastPathParityTest.script("lsf-criu-lib.sh"))) {
            if (line.matches("LSF_CRIU_[A-Z_]+=\\S+")) {
                shell.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertEquals(SHELL_NAMES, shell);
        assertEquals(Generations.DIR, CheckpointDir.GENERATIONS, "criu.invoke's generations directory");
    }

    @Test
    void noOtherPlaceSpellsACheckpointDirectoryName() throws IOException {
        Path top = top();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Stream.of(
                        top.resolve("modules"), top.resolve("tests/src"), top.resolve("jlink/scripts"))
                .flatMap(CheckpointDirTest::walk)) {
            all.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> !p.toString().contains("/src/test/java/") || p.startsWith(top.resolve("tests")))
                    .filter(p -> !p.toString().contains("/lsf.emulator/"))
                    .filter(p -> !p.getFileName().toString().equals("CheckpointDir.java"))
                    .filter(p -> !p.getFileName().toString().equals("lsf-criu-lib.sh"))
                    .filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .forEach(files::add);
        }
        files.add(top.resolve("tests/bench/run-benchmarks"));
        files.add(top.resolve("tests/run-all"));
        assertTrue(files.size() > 50, "the walk found the sources: " + files.size());
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            boolean java = f.toString().endsWith(".java");
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).strip();
                if (code.startsWith("#") || code.startsWith("*") || code.startsWith("//") || code.startsWith("/*")) {
                    continue; // prose about the names, not a place that uses one
                }
                if (!java && code.contains(" # ")) {
                    code = code.substring(0, code.indexOf(" # "));
                }
                for (String name : NAMES) {
                    if (code.contains(name)) {
                        found.add(top.relativize(f) + ":" + (i + 1) + ": " + name);
                    }
                }
            }
        }
        assertEquals(List.of(), found, "spelled outside CheckpointDir and lsf-criu-lib.sh");
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
