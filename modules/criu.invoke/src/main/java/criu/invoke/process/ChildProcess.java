package criu.invoke.process;

import criu.invoke.files.UserFiles;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs criu (or any helper) as a child process: stdin from /dev/null, a fixed minimal environment
 * (never the caller's, which is the job's: a {@code CRIU_CONFIG_FILE} there would give the job
 * owner's options and plugins to criu, which criu reads even with {@code --no-default-config}),
 * both output streams drained on their own threads, the child and its descendants killed with
 * SIGKILL at the timeout, the tail of its log file kept.
 */
public final class ChildProcess {
    private static final int MAX_CAPTURE = 1 << 20;
    private static final int LOG_TAIL_LINES = 20;
    private static final int FIRST_ERRORS = 3;
    /** The most of a log file read for its errors and tail: criu's -v4 log of a large job is a few MiB. */
    private static final int MAX_LOG_BYTES = 64 << 20;

    /** The whole environment of every child: a fixed PATH, a HOME with no criu configuration, the C locale. */
    public static final Map<String, String> CLEAN_ENVIRONMENT =
            Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "HOME", "/", "LC_ALL", "C", "LANG", "C");

    private ChildProcess() {}

    /**
     * Runs {@code command} with {@code environment} (null: {@link #CLEAN_ENVIRONMENT}), for at most
     * {@code timeout}; {@code log} is the file whose tail is kept. A command that cannot start is
     * exit status 127.
     */
    public static CriuResult run(
            List<String> command, Map<String, String> environment, Duration timeout, Optional<Path> log) {
        return run(command, environment, timeout, log, null);
    }

    /**
     * As {@link #run(List, Map, Duration, Optional)}, with {@code input} on the child's stdin (null:
     * /dev/null), written by a thread of its own so that a child that never reads it cannot block this one.
     */
    public static CriuResult run(
            List<String> command, Map<String, String> environment, Duration timeout, Optional<Path> log, byte[] input) {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command);
        if (input == null) {
            pb.redirectInput(new File("/dev/null"));
        }
        pb.environment().clear();
        pb.environment().putAll(environment != null ? environment : CLEAN_ENVIRONMENT);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new CriuResult(
                    command,
                    127,
                    "",
                    "cannot start: " + e.getMessage(),
                    false,
                    List.of(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
        if (input != null) {
            Thread feed = new Thread(() -> {
                try (java.io.OutputStream in = process.getOutputStream()) {
                    in.write(input);
                } catch (IOException e) {
                    // the child closed its stdin (or ended) before reading it all: what it read is what it gets
                }
            });
            feed.setDaemon(true);
            feed.start();
        }
        Drain out = Drain.start(process.getInputStream());
        Drain err = Drain.start(process.getErrorStream());
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = finished ? process.exitValue() : -1;
        return new CriuResult(
                command,
                status,
                out.text(),
                err.text(),
                !finished,
                log.map(ChildProcess::tail).orElse(List.of()),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * What of a log file describes a failure: its first {@code Error} lines (criu's own words for the
     * cause, such as "No space left on device", come long before its closing "Dumping FAILED."),
     * less the RLIMIT_NOFILE line criu writes on every run here, then its last lines.
     */
    static List<String> tail(Path file) {
        try {
            // criu's log lies in the job user's directory (also when the doctor's trial reads it as root)
            List<String> lines =
                    UserFiles.readString(file, MAX_LOG_BYTES).lines().toList();
            List<String> kept = new java.util.ArrayList<>(lines.stream()
                    .filter(l -> l.contains("Error ("))
                    .filter(l -> !l.contains("RLIMIT_NOFILE"))
                    .limit(FIRST_ERRORS)
                    .toList());
            for (String l : lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())) {
                if (!kept.contains(l)) {
                    kept.add(l);
                }
            }
            return List.copyOf(kept);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Reads one stream to its end on a daemon thread, keeping the first MiB. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread = new Thread(this, "criu-output");

        private Drain(InputStream in) {
            this.in = in;
            thread.setDaemon(true);
        }

        static Drain start(InputStream in) {
            Drain d = new Drain(in);
            d.thread.start();
            return d;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                    synchronized (buffer) {
                        if (buffer.size() < MAX_CAPTURE) {
                            buffer.write(chunk, 0, n);
                        }
                    }
                }
            } catch (IOException e) {
                // killed or closed: keep what was read
            }
        }

        String text() {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
