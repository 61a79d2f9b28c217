package criu.invoke.process;

import java.time.Duration;
import java.util.List;

/**
 * One finished criu call: argv, exit status, both output streams, whether it was killed at its
 * timeout, the tail of its log file and how long it took.
 */
public record CriuResult(
        List<String> command,
        int exitStatus,
        String stdout,
        String stderr,
        boolean timedOut,
        List<String> logTail,
        Duration wallTime) {
    public CriuResult {
        command = List.copyOf(command);
        logTail = List.copyOf(logTail);
    }

    /** True when criu exited 0 within its time. */
    public boolean succeeded() {
        return !timedOut && exitStatus == 0;
    }

    /** A few lines for a log: the command, how it ended, stderr and the log's last error lines. */
    public String describe() {
        StringBuilder b = new StringBuilder(String.join(" ", command));
        b.append(timedOut ? " timed out after " + wallTime.toMillis() + " ms and was killed" : " exited " + exitStatus);
        if (!stderr.isBlank()) {
            b.append("; stderr: ").append(stderr.strip().replace('\n', ' '));
        }
        List<String> errors =
                logTail.stream().filter(l -> l.contains("Error (")).toList();
        List<String> shown =
                errors.isEmpty() ? logTail.subList(Math.max(0, logTail.size() - 3), logTail.size()) : errors;
        if (!shown.isEmpty()) {
            b.append("; log: ").append(String.join(" | ", shown));
        }
        return b.toString();
    }
}
