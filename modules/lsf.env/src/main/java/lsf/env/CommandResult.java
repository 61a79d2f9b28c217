package lsf.env;

import java.util.List;

/**
 * A finished (or killed) external command: its argv, exit status, both output streams and
 * whether it was killed for running past its timeout.
 */
public record CommandResult(List<String> command, int exitStatus, String stdout, String stderr, boolean timedOut) {
    public CommandResult {
        command = List.copyOf(command);
    }

    /** True when it exited 0 within its time. */
    public boolean succeeded() {
        return !timedOut && exitStatus == 0;
    }

    /** One line for a log: the command, how it ended and the start of its output. */
    public String describe() {
        String how = timedOut ? "timed out and was killed" : "exited " + exitStatus;
        String output = (stdout.strip() + " " + stderr.strip()).strip();
        if (output.length() > 300) {
            output = output.substring(0, 300) + "...";
        }
        return String.join(" ", command) + " " + how + (output.isEmpty() ? "" : ": " + output.replace('\n', ' '));
    }
}
