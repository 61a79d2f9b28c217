package checkpoint.store.metrics;

import java.nio.file.Path;
import java.util.List;

/** One program updating alice's metrics file once, as a job's program does: a checkpoint of 1000 bytes. */
public final class MetricsWriterProcess {
    private MetricsWriterProcess() {}

    public static void main(String[] args) throws Exception {
        new MetricsFile(Path.of(args[0]), "alice", MetricsFileTest.uid())
                .update(List.of(
                        MetricDelta.of(MetricFamily.CHECKPOINTS, "outcome", "done", 1),
                        MetricDelta.of(MetricFamily.DUMP_BYTES, 1000)));
    }
}
