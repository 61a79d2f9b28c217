package lsfcriu.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One finished child process: exit status and both output streams. Output goes to files, so a
 * child that fills one stream never blocks on the other; a child past its timeout is killed.
 */
record Run(int exit, String out, String err) {
    /** Runs {@code command} in {@code dir} with exactly {@code env}, for at most {@code seconds}. */
    static Run of(Path dir, Map<String, String> env, long seconds, List<String> command) {
        try {
            Path out = Files.createTempFile("it-out", ".txt");
            Path err = Files.createTempFile("it-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                    .directory(dir.toFile())
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(
                        command + " did not finish within " + seconds + " s; stderr: " + Files.readString(err));
            }
            Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A clean environment like LSF's POST_EXEC one: no java anywhere, JAVA_HOME unset. */
    static Map<String, String> bareEnvironment() {
        return Map.of("PATH", "/usr/bin:/bin", "HOME", "/tmp", "LANG", "C");
    }
}
