package criu.invoke;

import java.util.List;
import java.util.Optional;

/**
 * The work a dump's completion needs that does not depend on the image, done on a thread of its own
 * while criu dumps (the JVM only waits for criu meanwhile): the SHA-256 provider and the JSON writer
 * that record the job's files (the security providers and jackson-jr start in 8-12 ms), and this
 * host's C library version for the fingerprint (a {@code getconf} run). Once criu returned, the
 * stopped job waits for none of it.
 */
final class WhileCriuDumps {
    private WhileCriuDumps() {}

    /** Starts the work on a daemon thread: it never holds up the program's exit. */
    static void start() {
        Thread thread = new Thread(WhileCriuDumps::prepare, "lsf-criu-while-criu-dumps");
        thread.setDaemon(true);
        thread.start();
    }

    /** Does the work once; a failure is left to the completion, which does the same again and reports it. */
    static void prepare() {
        try {
            JobFiles.sha256();
            JobFiles.json(List.of(new JobFiles.Entry("/", 0, false, Optional.of("-"), Optional.of("-"))));
            HostFingerprint.localLibc();
        } catch (RuntimeException e) {
            // the completion meets the same failure where it can say what it means
        }
    }
}
