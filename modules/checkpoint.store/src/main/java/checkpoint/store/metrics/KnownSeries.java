package checkpoint.store.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The series every metrics file holds from its first write, at 0: each counter with each label set the
 * events can give it. Prometheus's {@code increase()} and {@code rate()} need two samples of a series,
 * so a series that appears only with the first failure (a user's first restore that failed on a host,
 * often the only one) would never raise an alert; started at 0, its first failure is an increase like
 * any other. Timestamps are left out (0 would read as 1970). Pure.
 */
public final class KnownSeries {
    /** echkpnt.criu's failed dumps' statuses (DumpOutcome.Status, as {@link EventMetrics#word} makes them labels). */
    static final List<String> DUMP_FAILURES =
            List.of("no_dump_root", "refused", "criu_failed", "incomplete_image", "io_error");
    /** The space limits a checkpoint is refused by (DumpSpace's, as labels). */
    static final List<String> REFUSING_LIMITS = List.of("max_image_mib", "min_free_percent", "user_quota_mib");
    /** The restart command's restore failures (its restore_failed events' reasons, as labels). */
    static final List<String> RESTORE_FAILURES = List.of("timed_out", "criu_failed", "no_restored_job");
    /** Why a job was killed at its run limit with no checkpoint (EventMetrics.killReason and the failed dumps). */
    static final List<String> KILL_REASONS = List.of(
            "restart_limit",
            "not_checkpointable",
            "not_opted_in",
            "state_unusable",
            "checkpoint_failed",
            "checkpoint_refused",
            "other");

    private KnownSeries() {}

    /** A change of 0 to every known series: applied to a file, it adds the ones it lacks and changes nothing else. */
    public static List<MetricDelta> zeros() {
        List<MetricDelta> d = new ArrayList<>();
        d.add(MetricDelta.of(MetricFamily.CHECKPOINTS, "outcome", "done", 0));
        d.add(MetricDelta.of(MetricFamily.CHECKPOINTS, "outcome", "skipped", 0));
        d.add(checkpoints("timed_out", "criu_timed_out"));
        d.add(checkpoints("no_dump_slot", "no_dump_slot"));
        DUMP_FAILURES.forEach(r -> d.add(checkpoints("failed", r)));
        REFUSING_LIMITS.forEach(r -> d.add(checkpoints("refused", r)));
        d.add(MetricDelta.of(MetricFamily.RESTORES, "outcome", "done", 0));
        RESTORE_FAILURES.forEach(
                r -> d.add(new MetricDelta(MetricFamily.RESTORES, Map.of("outcome", "failed", "reason", r), 0)));
        d.add(MetricDelta.of(MetricFamily.RESTARTS, "outcome", "submitted", 0));
        d.add(MetricDelta.of(MetricFamily.RESTARTS, "outcome", "failed", 0));
        KILL_REASONS.forEach(r -> d.add(MetricDelta.of(MetricFamily.JOBS_KILLED, "reason", r, 0)));
        for (MetricFamily f : List.of(
                MetricFamily.WATCHDOG_KILLS,
                MetricFamily.DUMP_BYTES,
                MetricFamily.DUMP_SECONDS,
                MetricFamily.FROZEN_SECONDS,
                MetricFamily.RESTORE_SECONDS)) {
            d.add(MetricDelta.of(f, 0));
        }
        return List.copyOf(d);
    }

    private static MetricDelta checkpoints(String outcome, String reason) {
        return new MetricDelta(MetricFamily.CHECKPOINTS, Map.of("outcome", outcome, "reason", reason), 0);
    }
}
