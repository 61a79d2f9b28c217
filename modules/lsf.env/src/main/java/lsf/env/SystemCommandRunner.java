package lsf.env;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as child processes: both output streams drained by their own threads (a child
 * that fills stderr never blocks), the whole process tree killed on timeout.
 */
public final class SystemCommandRunner implements CommandRunner {
    private static final long MAX_CAPTURE = 1 << 20;

    /** A runner of real child processes. */
    public SystemCommandRunner() {
        // stateless
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(new File("/dev/null")).start();
        } catch (IOException e) {
            return new CommandResult(command, 127, "", "cannot start: " + e.getMessage(), false);
        }
        Drain out = Drain.start(process.getInputStream());
        Drain err = Drain.start(process.getErrorStream());
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            finished = false;
        }
        int status = finished ? process.exitValue() : -1;
        return new CommandResult(command, status, out.text(), err.text(), !finished);
    }

    /** Reads one stream to its end on a daemon thread, keeping the first MiB. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        private Drain(InputStream in) {
            this.in = in;
            this.thread = new Thread(this, "drain");
            this.thread.setDaemon(true);
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
                int n;
                while ((n = in.read(chunk)) > 0) {
                    synchronized (buffer) {
                        if (buffer.size() < MAX_CAPTURE) {
                            buffer.write(chunk, 0, n);
                        }
                    }
                }
            } catch (IOException e) {
                // the process was killed or closed its end: keep what was read
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
