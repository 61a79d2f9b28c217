package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 50 processes updating one job's state at once lose no update. */
class StateFileConcurrencyTest {
    static final int WRITERS = 50;

    @TempDir
    Path dir;

    @Test
    void fiftyProcessesLoseNoUpdate() throws Exception {
        WriterProcesses writers = new WriterProcesses();
        Process first = writers.command("once", dir.toString(), "1000").start();
        first.waitFor(60, TimeUnit.SECONDS);
        List<Process> all = new ArrayList<>();
        for (int i = 1; i < WRITERS; i++) {
            all.add(writers.command("once", dir.toString(), Integer.toString(1000 + i))
                    .start());
        }
        for (Process p : all) {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("a writer failed or hung");
            }
        }
        CheckpointState s = new StateFile(dir).read().orElseThrow();
        assertEquals(WRITERS, s.overrunRestarts());
        assertEquals(
                LongStream.range(1000, 1000 + WRITERS).boxed().collect(Collectors.toSet()),
                s.runs().stream().map(RunRecord::jobId).collect(Collectors.toSet()));
    }
}
