package checkpoint.store.metrics;

import checkpoint.store.OptIn;
import checkpoint.store.RestartPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one job event (as {@code lsf-criu.events.jsonl} has it) adds to the metrics: the counts
 * follow the events one for one, so that the metrics and the job directories can be checked against
 * each other. Label values come from fixed sets or are reduced to {@code [a-z0-9_]} words of at most
 * 32 characters. Pure.
 */
public final class EventMetrics {
    private EventMetrics() {}

    /** The changes event {@code e} makes (none for an event that counts nothing). */
    public static List<MetricDelta> of(Map<String, ?> e) {
        String type = String.valueOf(e.get("event"));
        List<MetricDelta> d = new ArrayList<>();
        switch (type) {
            case "checkpoint_done" -> {
                d.add(MetricDelta.of(MetricFamily.CHECKPOINTS, "outcome", "done", 1));
                d.add(MetricDelta.of(MetricFamily.DUMP_BYTES, number(e, "image_bytes")));
                d.add(MetricDelta.of(MetricFamily.DUMP_SECONDS, number(e, "wall_time_ms") / 1e3));
                d.add(MetricDelta.of(MetricFamily.FROZEN_SECONDS, number(e, "frozen_time_us") / 1e6));
                time(e).ifPresent(t -> d.add(MetricDelta.of(MetricFamily.LAST_CHECKPOINT, t)));
            }
            case "checkpoint_failed" -> {
                String status = word(e.get("status"));
                String outcome = status.equals("criu_timed_out")
                        ? "timed_out"
                        : status.equals("no_dump_slot") ? "no_dump_slot" : "failed";
                d.add(new MetricDelta(MetricFamily.CHECKPOINTS, Map.of("outcome", outcome, "reason", status), 1));
                killedAtLimit(e, "checkpoint_failed", d);
            }
            case "checkpoint_refused" -> {
                d.add(new MetricDelta(
                        MetricFamily.CHECKPOINTS, Map.of("outcome", "refused", "reason", word(e.get("limit"))), 1));
                killedAtLimit(e, "checkpoint_refused", d);
            }
            case "checkpoint_skipped" -> d.add(MetricDelta.of(MetricFamily.CHECKPOINTS, "outcome", "skipped", 1));
            case "restored" -> {
                d.add(MetricDelta.of(MetricFamily.RESTORES, "outcome", "done", 1));
                d.add(MetricDelta.of(MetricFamily.RESTORE_SECONDS, number(e, "restore_ms") / 1e3));
                time(e).ifPresent(t -> d.add(MetricDelta.of(MetricFamily.LAST_RESTORE, t)));
            }
            case "restore_failed" ->
                d.add(new MetricDelta(
                        MetricFamily.RESTORES, Map.of("outcome", "failed", "reason", word(e.get("reason"))), 1));
            case "restart_submitted" -> d.add(MetricDelta.of(MetricFamily.RESTARTS, "outcome", "submitted", 1));
            case "restart_failed" -> d.add(MetricDelta.of(MetricFamily.RESTARTS, "outcome", "failed", 1));
            case "watchdog_kill" -> d.add(MetricDelta.of(MetricFamily.WATCHDOG_KILLS, 1));
            case "terminate_decision" -> {
                if ("KILL_NORMALLY".equals(e.get("action"))) {
                    killReason(String.valueOf(e.get("reason")))
                            .ifPresent(r -> d.add(MetricDelta.of(MetricFamily.JOBS_KILLED, "reason", r, 1)));
                }
            }
            default -> {}
        }
        return d;
    }

    /**
     * Why the TERMINATE action killed a job at its run limit without a checkpoint, as a label; empty when
     * it is not such a kill (not for the run limit, or after a checkpoint that succeeded or failed, which
     * echkpnt.criu's own events count).
     */
    public static java.util.Optional<String> killReason(String reason) {
        if (reason.startsWith(RestartPolicy.RESTART_LIMIT_REACHED)) {
            return java.util.Optional.of("restart_limit");
        }
        if (reason.startsWith(RestartPolicy.NOT_CHECKPOINTABLE)) {
            return java.util.Optional.of("not_checkpointable");
        }
        if (reason.startsWith(OptIn.NOT_OPTED_IN) || reason.startsWith(OptIn.OPTED_OUT)) {
            return java.util.Optional.of("not_opted_in");
        }
        if (reason.startsWith("state file unusable")) {
            return java.util.Optional.of("state_unusable");
        }
        if (reason.startsWith("not a run-limit kill")
                || reason.startsWith("checkpoint already complete")
                || reason.startsWith("checkpoint failed")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("other");
    }

    /** A run-limit checkpoint that failed or was refused kills the job: counted as killed for that. */
    private static void killedAtLimit(Map<String, ?> e, String reason, List<MetricDelta> d) {
        if (Boolean.TRUE.equals(e.get("at_run_limit"))) {
            d.add(MetricDelta.of(MetricFamily.JOBS_KILLED, "reason", reason, 1));
        }
    }

    /** A label value: lower case, runs of other characters as one underscore, at most 32 characters. */
    static String word(Object value) {
        String w = String.valueOf(value)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_|_$", "");
        w = w.length() > 32 ? w.substring(0, 32) : w;
        return w.isEmpty() ? "unknown" : w;
    }

    private static double number(Map<String, ?> e, String key) {
        Object v = e.get(key);
        if (v instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0) {
            return n.doubleValue();
        }
        return 0;
    }

    private static java.util.Optional<Double> time(Map<String, ?> e) {
        try {
            return java.util.Optional.of(
                    Instant.parse(String.valueOf(e.get("time"))).toEpochMilli() / 1e3);
        } catch (RuntimeException ex) {
            return java.util.Optional.empty();
        }
    }
}
