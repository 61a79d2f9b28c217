package checkpoint.store.metrics;

/**
 * The metric families lsf-criu exports, named, typed and unit-suffixed as Prometheus asks (counters
 * end in {@code _total}, units are seconds and bytes). Labels are few and bounded: {@code user} (the
 * job user whose programs wrote the file), {@code outcome} and {@code reason} from fixed sets; never a
 * job id.
 */
public enum MetricFamily {
    CHECKPOINTS(
            "lsf_criu_checkpoints_total",
            "counter",
            "Checkpoints by outcome (done, failed, timed_out, refused, skipped, no_dump_slot, ...) and reason."),
    RESTORES("lsf_criu_restores_total", "counter", "Restores of a checkpoint by outcome (done, failed) and reason."),
    RESTARTS("lsf_criu_restarts_total", "counter", "Restarts asked of LSF after a run-limit checkpoint, by outcome."),
    JOBS_KILLED(
            "lsf_criu_jobs_killed_total",
            "counter",
            "Jobs killed at their run limit with no checkpoint to restart from, by reason."),
    WATCHDOG_KILLS("lsf_criu_watchdog_kills_total", "counter", "Jobs the TERMINATE watchdog killed at its deadline."),
    DUMP_BYTES("lsf_criu_dump_bytes_total", "counter", "Bytes of images written by checkpoints that succeeded."),
    DUMP_SECONDS("lsf_criu_dump_seconds_total", "counter", "Seconds criu spent on checkpoints that succeeded."),
    FROZEN_SECONDS(
            "lsf_criu_frozen_seconds_total", "counter", "Seconds jobs were frozen by checkpoints that succeeded."),
    RESTORE_SECONDS("lsf_criu_restore_seconds_total", "counter", "Seconds criu spent on restores that succeeded."),
    LAST_CHECKPOINT(
            "lsf_criu_last_checkpoint_success_timestamp_seconds",
            "gauge",
            "When the last checkpoint that succeeded ended (Unix time)."),
    LAST_RESTORE(
            "lsf_criu_last_restore_success_timestamp_seconds",
            "gauge",
            "When the last restore that succeeded ended (Unix time).");

    private final String metric;
    private final String type;
    private final String help;

    MetricFamily(String metric, String type, String help) {
        this.metric = metric;
        this.type = type;
        this.help = help;
    }

    /** The metric's name in the exposition format. */
    public String metric() {
        return metric;
    }

    public String type() {
        return type;
    }

    public String help() {
        return help;
    }

    /** Whether a new value replaces the old one only when larger (a timestamp), rather than adding to it. */
    public boolean isTimestamp() {
        return type.equals("gauge");
    }

    /** The family named {@code metric}, if it is one of ours. */
    public static java.util.Optional<MetricFamily> named(String metric) {
        for (MetricFamily f : values()) {
            if (f.metric.equals(metric)) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }
}
