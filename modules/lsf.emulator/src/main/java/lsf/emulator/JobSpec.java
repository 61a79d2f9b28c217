package lsf.emulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job as {@code bsub} would submit it.
 *
 * @param command the user's command line, run by the job file's shell
 * @param environment the user's environment (LSF adds its own variables; an {@code LSB_QUEUE} here stands
 *     for {@code bsub -q}, else the job runs in queue {@value #QUEUE})
 * @param checkpointParent {@code bsub -k "<dir> method=criu"}: the checkpoint directory's parent
 * @param outputFile {@code bsub -o}: where the job's output goes (appended)
 * @param cwd the job's working directory
 * @param runLimitSeconds the queue's RUNLIMIT
 * @param jobIndex 0, or the element of a job array
 * @param interactive {@code bsub -I}
 * @param checkpointPeriodSeconds {@code bsub -k "<dir> <period> method=criu"}: LSF checkpoints the job
 *     (echkpnt without {@code -k}) every period while it runs; 0 for none
 */
public record JobSpec(
        String command,
        Map<String, String> environment,
        Optional<Path> checkpointParent,
        Optional<Path> outputFile,
        Path cwd,
        long runLimitSeconds,
        long jobIndex,
        boolean interactive,
        long checkpointPeriodSeconds) {
    /** The queue a job runs in when its environment names none ({@code LSB_QUEUE}). */
    public static final String QUEUE = "simulate";

    public JobSpec {
        environment = Map.copyOf(environment);
    }

    /** A job without periodic checkpoints. */
    public JobSpec(
            String command,
            Map<String, String> environment,
            Optional<Path> checkpointParent,
            Optional<Path> outputFile,
            Path cwd,
            long runLimitSeconds,
            long jobIndex,
            boolean interactive) {
        this(command, environment, checkpointParent, outputFile, cwd, runLimitSeconds, jobIndex, interactive, 0);
    }

    /** The same job with a checkpoint period. */
    public JobSpec withCheckpointPeriod(long seconds) {
        return new JobSpec(
                command,
                environment,
                checkpointParent,
                outputFile,
                cwd,
                runLimitSeconds,
                jobIndex,
                interactive,
                seconds);
    }

    /** Shell-quotes a command's words into one command line. */
    public static String commandLine(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(w.matches("[A-Za-z0-9_./=:,+@%-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}
