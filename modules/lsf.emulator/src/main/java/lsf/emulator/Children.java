package lsf.emulator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starts the processes LSF starts: exact environment, working directory, stdio, optionally as the job user. */
final class Children {
    /** setpriv's prefix for the job user, looked up once: empty when children run as the emulator's own user. */
    private final List<String> asUser;

    /** @param user run every child as this user (the emulator runs as root), or as the emulator's own user */
    Children(Optional<String> user) {
        this.asUser = user.map(
                        u -> List.of("/usr/bin/setpriv", "--reuid=" + u, "--regid=" + group(u), "--init-groups", "--"))
                .orElse(List.of());
    }

    /** The user's primary group, by number: not every user has a group of its own name. */
    private static String group(String user) {
        try {
            Process p = new ProcessBuilder("/usr/bin/id", "-g", "--", user)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalArgumentException("no user " + user + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The prefix that runs a command as the job's user (empty: as this process's own). */
    List<String> asUser() {
        return asUser;
    }

    Process start(List<String> command, Map<String, String> env, Path cwd, File stdout) {
        List<String> argv = new ArrayList<>(asUser);
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv)
                .directory(cwd.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectErrorStream(true);
        if (stdout == null) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(stdout));
        }
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
    }

    /**
     * The raw wait(2) status LSF would see ({@code LSB_JOBEXIT_STAT}) for a Java exit value: Java
     * reports death by signal N as 128+N.
     */
    static int waitStatus(int exitValue) {
        return exitValue > 128 && exitValue < 128 + 65 ? exitValue - 128 : (exitValue & 0xff) << 8;
    }

    /** The signal that killed the process of a wait status, 0 when it exited. */
    static int signal(int waitStatus) {
        return waitStatus & 0x7f;
    }

    /** The exit code a shell reports for a wait status: the process's own, or 128 + signal. */
    static int exitCode(int waitStatus) {
        return signal(waitStatus) == 0 ? (waitStatus >> 8) & 0xff : 128 + signal(waitStatus);
    }

    /** "exited N" or "killed by signal N" for a wait status. */
    static String describe(int waitStatus) {
        return signal(waitStatus) == 0 ? "exited " + exitCode(waitStatus) : "killed by signal " + signal(waitStatus);
    }
}
