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
        return "overrun-summary-" + s.firstJobId() + ".txt";
    }

    /** Total runtime of all runs, in seconds. */
    public static long totalRuntime(CheckpointState s) {
        return s.runs().stream().mapToLong(RunRecord::runtimeSeconds).sum();
    }

    /** The text summary; {@code reason} is the final decision's reason (may be empty). */
    public static String text(CheckpointState s, String reason) {
        StringBuilder b = new StringBuilder();
        b.append("Overrun checkpoint/restart summary for job ")
                .append(s.firstJobId())
                .append('\n');
        b.append(String.format("%-12s %12s  %-23s %s%n", "Job ID", "Runtime (s)", "Start time", "Outcome"));
        for (RunRecord r : s.runs()) {
            b.append(String.format(
                    "%-12d %12d  %-23s %s%n",
                    r.jobId(),
                    r.runtimeSeconds(),
                    TIME.format(Instant.ofEpochSecond(r.startTime())),
                    r.outcome().orElse("")));
        }
        long total = totalRuntime(s);
        b.append(String.format(
                "Total runtime: %d s (%d:%02d:%02d)%n", total, total / 3600, total / 60 % 60, total % 60));
        b.append("Overrun restarts: ").append(s.overrunRestarts()).append('\n');
        if (!reason.isEmpty()) {
            b.append("Final state: ").append(reason).append('\n');
        }
        s.lastError().ifPresent(e -> b.append("Last error: ").append(e).append('\n'));
        return b.toString();
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
