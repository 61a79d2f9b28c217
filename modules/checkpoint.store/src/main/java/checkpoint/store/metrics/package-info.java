/**
 * This host's lsf-criu metrics for Prometheus's node_exporter textfile collector: the families, what
 * each job event adds to them, their text format, and the file each job user's programs update.
 */
package checkpoint.store.metrics;
