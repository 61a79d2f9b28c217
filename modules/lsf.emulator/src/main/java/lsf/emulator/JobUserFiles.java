package lsf.emulator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the emulator does in places the job's user owns (the checkpoint directories, the job's
 * output, the spool directories the user's LSF commands write): as that user. Run as root with
 * {@code --user U}, the emulator would otherwise create, write, move, link and delete through paths
 * U can swap for links to root's files; here each step is a small fixed shell command run through
 * {@code setpriv} as U, so it can reach nothing U could not reach alone. Without a job user (the
 * emulator runs as the job's user itself) the same commands run directly.
 */
final class JobUserFiles {
    private static final long TIMEOUT_SECONDS = 30;
    /** The most a file read back from the user's places may be (requests, restart commands). */
    private static final int MAX_READ = 1 << 16;

    private final List<String> asUser;

    /** @param asUser the prefix that runs a command as the job's user (empty: as this process's own) */
    JobUserFiles(List<String> asUser) {
        this.asUser = List.copyOf(asUser);
    }

    /** Creates {@code dir} (mode 0700) unless it exists; its parent must exist. */
    void createPrivateDirectory(Path dir) {
        sh("[ -d \"$1\" ] || mkdir -m 0700 -- \"$1\"", dir.toString());
    }

    /** Creates the empty file {@code file} unless it exists (as the job's output: the user's). */
    void createFile(Path file) {
        sh(": >> \"$1\"", file.toString());
    }

    /** Writes {@code text} to {@code file}: a temporary file renamed over it, so a reader sees all or nothing. */
    void write(Path file, String text) {
        run(List.of("/bin/sh", "-c", "cat > \"$1.tmp\" && mv -f -- \"$1.tmp\" \"$1\"", "sh", file.toString()), text);
    }

    /** The text of {@code file}, at most 64 KiB. */
    String read(Path file) {
        return sh("head -c " + MAX_READ + " -- \"$1\"", file.toString());
    }

    /** Whether {@code path} exists (through the user's own eyes). */
    boolean exists(Path path) {
        return sh("[ -e \"$1\" ] && echo yes || :", path.toString()).strip().equals("yes");
    }

    /** Removes {@code path} and everything below it; an absent path is no error. */
    void delete(Path path) {
        sh("rm -rf -- \"$1\"", path.toString());
    }

    /** Renames {@code from} to {@code to}. */
    void move(Path from, Path to) {
        sh("mv -f -T -- \"$1\" \"$2\"", from.toString(), to.toString());
    }

    /** Moves every entry of directory {@code from} (dot files too) into directory {@code to}, replacing. */
    void moveEntries(Path from, Path to) {
        sh("find \"$1\" -mindepth 1 -maxdepth 1 -exec mv -f -t \"$2\" -- {} +", from.toString(), to.toString());
    }

    /** Makes {@code link} a symbolic link to {@code target}. */
    void symlink(Path link, Path target) {
        sh("ln -s -- \"$2\" \"$1\"", link.toString(), target.toString());
    }

    private String sh(String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        return run(argv, null);
    }

    /** Runs {@code command} as the job's user with {@code input} on stdin; its stdout, or an exception naming its output. */
    private String run(List<String> command, String input) {
        List<String> argv = new ArrayList<>(asUser);
        argv.addAll(command);
        File out = null;
        try {
            out = File.createTempFile(
                    "lsf-emulator-", ".out"); // this process's own, opened before the user's command runs
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(out)
                    .directory(new File("/"));
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/bin:/bin");
            pb.environment().put("LC_ALL", "C");
            if (input == null) {
                pb.redirectInput(new File("/dev/null"));
            }
            Process p = pb.start();
            if (input != null) {
                try (var stdin = p.getOutputStream()) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UncheckedIOException(
                        new IOException(argv + " did not finish within " + TIMEOUT_SECONDS + " s"));
            }
            byte[] bytes;
            try (var in = Files.newInputStream(out.toPath())) {
                bytes = in.readNBytes(MAX_READ);
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new UncheckedIOException(
                        new IOException(argv + " exited " + p.exitValue() + ": " + text.strip()));
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (out != null && !out.delete()) {
                out.deleteOnExit();
            }
        }
    }
}
