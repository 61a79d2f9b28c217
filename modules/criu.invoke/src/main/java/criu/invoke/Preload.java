package criu.invoke;

import java.util.List;
import java.util.Optional;

/**
 * Starts, on a thread of its own, what the code that completes a dump needs from the platform, so
 * that the main thread finds it ready instead of waiting for it while the job is stopped: this
 * host's C library version for the fingerprint (a {@code getconf} run, asked once per process),
 * jackson-jr (whose start loads the time-zone database) and the SHA-256 provider (the security
 * providers' start), 8-20 ms in all. {@link Dumper} starts it as criu begins to dump, when the JVM
 * only waits for criu. (Started first thing in erestart.criu it measured no gain: the restart's
 * main thread reaches the same work before the thread has done it.)
 */
final class Preload {
    private Preload() {}

    /** Starts the work on a daemon thread: it never holds up the program's exit. */
    static void start() {
        Thread thread = new Thread(Preload::run, "lsf-criu-preload");
        thread.setDaemon(true);
        thread.start();
    }

    /** Does the work once; a failure is left to the first real use, which meets it again and reports it. */
    static void run() {
        try {
            HostFingerprint.localLibc();
            JobFiles.parse(
                    JobFiles.json(List.of(new JobFiles.Entry("/", 0, false, Optional.of("-"), Optional.of("-")))));
            JobFiles.sha256();
        } catch (RuntimeException e) {
            // the first real use meets the same failure where it can say what it means
        }
    }
}
