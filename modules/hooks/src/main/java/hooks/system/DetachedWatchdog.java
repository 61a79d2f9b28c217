package hooks.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The real watchdog: a shell in a session of its own that sleeps until shortly before the deadline
 * ({@link WatchdogDeadline}), then runs {@code lsf-criu-terminate --watchdog --until=<deadline>}.
 * It outlives the TERMINATE action and is outside the job's process group, so neither LSF nor the
 * checkpoint kills it; while it waits it costs one shell and one {@code sleep}.
 */
public final class DetachedWatchdog implements Toolkit.Watchdog {
    private final ImageLayout layout;

    DetachedWatchdog(ImageLayout layout) {
        this.layout = layout;
    }

    @Override
    public void start(long deadlineMillis, List<String> armedFor) {
        long sleep = WatchdogDeadline.shellSleepSeconds(deadlineMillis, System.currentTimeMillis());
        String terminate =
                layout.home().resolve("bin").resolve("lsf-criu-terminate").toString();
        // setsid --fork: the JVM's own child exits at once, so no live child delays the JVM's exit (a JVM with
        // a running child takes about 300 ms longer to exit) and the watchdog is nobody's child but init's
        // /bin/sleep by its path: a 'sleep' of the job owner's on the job's PATH must not disarm the watchdog
        List<String> argv = new java.util.ArrayList<>(List.of(
                "/usr/bin/setsid",
                "--fork",
                "/bin/sh",
                "-c",
                "/bin/sleep \"$1\"; t=$2; shift 2; exec \"$t\" --watchdog \"$@\"",
                "lsf-criu-watchdog",
                Long.toString(sleep),
                terminate,
                "--until=" + deadlineMillis));
        argv.addAll(armedFor);
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process setsid = pb.start();
            if (!setsid.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || setsid.exitValue() != 0) {
                throw new IllegalStateException("setsid --fork of the watchdog did not succeed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the watchdog", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the watchdog", e);
        }
    }
}
