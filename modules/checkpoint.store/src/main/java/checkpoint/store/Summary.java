package checkpoint.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end-of-run summary of a chain of runs: the replaced tool's text (one line per run with job
 * id, runtime and start time, the total runtime and the number of overrun restarts) and the same
 * as JSON. Pure.
 */
public final class Summary {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Summary() {}

    /** The summary file's name, next to the job's output file. */
    public static String fileName(CheckpointState s) {
        return lsf.env.CheckpointDir.summaryName(s.firstJobId(), "txt");
    }

    /** Total runtime of all runs, in seconds. */
    public static long totalRuntime(CheckpointState s) {
        return s.runs().stream().mapToLong(RunRecord::runtimeSeconds).sum();
    }

    /**
     * The text summary; {@code reason} is the final decision's reason (may be empty). Its columns
     * are padded by hand and its numbers are ASCII digits, whatever the default locale (the job's
     * {@code LANG} sets it, and {@code String.format} would write {@code ١٠٢١} under Arabic).
     */
    public static String text(CheckpointState s, String reason) {
        StringBuilder b = new StringBuilder();
        b.append("Overrun checkpoint/restart summary for job ")
                .append(s.firstJobId())
                .append('\n');
        row(b, "Job ID", "Runtime (s)", "Start time", "Outcome");
        for (RunRecord r : s.runs()) {
            row(
                    b,
                    Long.toString(r.jobId()),
                    Long.toString(r.runtimeSeconds()),
                    TIME.format(Instant.ofEpochSecond(r.startTime())),
                    r.outcome().orElse(""));
        }
        long total = totalRuntime(s);
        b.append("Total runtime: ")
                .append(total)
                .append(" s (")
                .append(total / 3600)
                .append(':')
                .append(twoDigits(total / 60 % 60))
                .append(':')
                .append(twoDigits(total % 60))
                .append(")\n");
        b.append("Overrun restarts: ").append(s.overrunRestarts()).append('\n');
        if (!reason.isEmpty()) {
            b.append("Final state: ").append(reason).append('\n');
        }
        s.lastError().ifPresent(e -> b.append("Last error: ").append(e).append('\n'));
        return b.toString();
    }

    /** One line of the runs' table: job id left in 12, runtime right in 12, start time left in 23. */
    private static void row(StringBuilder b, String jobId, String runtime, String start, String outcome) {
        b.append(jobId)
                .append(" ".repeat(Math.max(0, 12 - jobId.length())))
                .append(' ')
                .append(" ".repeat(Math.max(0, 12 - runtime.length())))
                .append(runtime)
                .append("  ")
                .append(start)
                .append(" ".repeat(Math.max(0, 23 - start.length())))
                .append(' ')
                .append(outcome)
                .append('\n');
    }

    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    /** The same summary as JSON text. */
    public static String json(CheckpointState s, String reason) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("first_job_id", s.firstJobId());
        doc.put("last_job_id", s.jobId());
        doc.put("runs", StateCodec.runs(s));
        doc.put("total_runtime", totalRuntime(s));
        doc.put("overrun_restarts", s.overrunRestarts());
        doc.put("final_state", reason);
        s.lastError().ifPresent(e -> doc.put("last_error", e));
        return JsonText.pretty(doc) + "\n";
    }
}
