package criu.invoke;

import criu.invoke.image.JobFiles;
import criu.invoke.proc.HostFingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts, on a thread of its own, what the code that completes a dump needs from the platform, so
 * that the main thread finds it ready instead of waiting for it while the job is stopped: the
 * SHA-256 provider (the security providers' start), jackson-jr (whose start loads the time-zone
 * database) and this host's C library version for the fingerprint (a {@code getconf} run, asked
 * once per process), 8-20 ms in all. {@link Dumper} starts it as criu begins to dump, when the JVM
 * only waits for criu. (Started first thing in erestart.criu it measured no gain: the restart's
 * main thread reaches the same work before the thread has done it.)
 */
final class Preload {
    /**
     * The files record the warm-up writes and reads back: one a real dump could write (a copy's name
     * and a SHA-256 that {@link JobFiles#parse} accepts), or the read would fail and nothing after it
     * would be warmed.
     */
    static final JobFiles.Entry SAMPLE =
            new JobFiles.Entry("/", 0, false, Optional.of(JobFiles.COPY_PREFIX + "0"), Optional.of("0".repeat(64)));

    private Preload() {}

    /** Starts the work on a daemon thread: it never holds up the program's exit. */
    static void start() {
        Thread thread = new Thread(Preload::run, "lsf-criu-preload");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Does each part of the work once, in the order a completed dump needs them, each whatever
     * became of the one before. A failure is left to the first real use, which meets it again and
     * reports it.
     *
     * @return the parts' failures (empty: everything is warm)
     */
    static List<RuntimeException> run() {
        List<RuntimeException> failures = new ArrayList<>();
        List<Runnable> parts = List.of(
                JobFiles::sha256, () -> JobFiles.parse(JobFiles.json(List.of(SAMPLE))), HostFingerprint::localLibc);
        for (Runnable part : parts) {
            try {
                part.run();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        return failures;
    }
}
