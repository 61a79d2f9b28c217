package hooks.programs;

import checkpoint.store.metrics.EventMetrics;
import checkpoint.store.metrics.MetricDelta;
import checkpoint.store.metrics.MetricsFile;
import hooks.system.Toolkit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lsf.env.config.ConfigKey;

/**
 * Adds what each job event counts ({@link EventMetrics}) to this user's metrics file in the site's
 * {@code METRICS_DIR}, at once (a local file, a lock held for a read and a rename). A metrics file
 * that cannot be written costs a log line, never the job's checkpoint or its kill.
 */
final class MetricsRecorder implements JobLog.Listener {
    private final Toolkit toolkit;
    /** METRICS_DIR, read once, at the first event that counts anything ("": none, or no usable configuration). */
    private String dir;

    MetricsRecorder(Toolkit toolkit) {
        this.toolkit = toolkit;
    }

    @Override
    public void on(JobLog log, Map<String, Object> event) {
        List<MetricDelta> deltas = EventMetrics.of(event);
        if (deltas.isEmpty()) {
            return;
        }
        if (dir == null) {
            try {
                dir = toolkit.config().text(ConfigKey.METRICS_DIR);
            } catch (RuntimeException e) {
                dir = ""; // the configuration's own error is logged where it decides something
            }
        }
        if (dir.isEmpty()) {
            return;
        }
        MetricsFile file =
                new MetricsFile(Path.of(dir), user(), (int) toolkit.proc().uid());
        try {
            file.update(deltas);
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "metrics not updated in " + file.file() + " (event " + event.get("event") + "): " + e.getMessage());
        }
    }

    static String user() {
        return System.getProperty("user.name", "unknown");
    }
}
