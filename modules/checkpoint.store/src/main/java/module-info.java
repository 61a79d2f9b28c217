/**
 * A job's checkpoint state file, the restart and timeout policy, the per-run history and the
 * end-of-run summary, and this host's metrics for Prometheus.
 */
module checkpoint.store {
    requires transitive lsf.env;

    exports checkpoint.store;
    exports checkpoint.store.metrics;
}
