package checkpoint.store.metrics;

import java.nio.file.Path;
import java.util.List;

/** One program updating alice's metrics file once, as a job's program does: a checkpoint of 1000 bytes. */
public final class MetricsWriterProcess {
    private MetricsWriterProcess() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("hold")) {
            // holds alice's lock (an fcntl lock, as the programs take it) for a minute, as a hostile job could
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                    Path.of(args[0]).resolve(".lsf_criu_alice.lock"), java.nio.file.StandardOpenOption.WRITE)) {
                ch.lock();
                System.out.println("held");
                System.out.flush();
                Thread.sleep(60_000);
            }
            return;
        }
        new MetricsFile(Path.of(args[0]), "alice", MetricsFileTest.uid())
                .update(List.of(
                        MetricDelta.of(MetricFamily.CHECKPOINTS, "outcome", "done", 1),
                        MetricDelta.of(MetricFamily.DUMP_BYTES, 1000)));
    }
}
