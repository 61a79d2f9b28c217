package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.proc.HostInfo;
import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.proc.ProcessTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dump that keeps the job running leaves none of its processes stopped, with the real criu. */
class PeriodicDumpTest {
    @TempDir
    Path tmp;

    /**
     * The job forks a new {@code sleep} every 50 ms, so the tree criu stops is not the one in the
     * process table read before the dump: every process of it must be continued all the same.
     */
    @Test
    void childrenForkedAfterTheTableWasReadAreContinuedToo() throws Exception {
        TestJob job = TestJob.start(Files.createDirectory(tmp.resolve("job")), 100_000, 0, false);
        try {
            ProcessTable before = ProcessTable.read(ProcFs.system());
            Thread.sleep(300);
            Dumper dumper = new Dumper(TestJob.CRIU, ProcFs.system(), HostInfo.local("test"));
            DumpOutcome o = dumper.dump(
                    new Dumper.Request(
                            tmp.resolve("chk"),
                            job.pgid(),
                            CriuCommand.AfterDump.KEEP_RUNNING,
                            false,
                            List.of(),
                            RealCriu.CRIU_BOUND,
                            2,
                            false),
                    before);
            assertTrue(o.dumped(), o.message());
            List<ProcStat> stopped = ProcessTable.read(ProcFs.system()).group(job.pgid()).stream()
                    .filter(p -> p.state() == 'T')
                    .toList();
            assertEquals(List.of(), stopped, "left stopped by the dump");
            long lines = Files.lines(job.out).count();
            Thread.sleep(500);
            assertTrue(Files.lines(job.out).count() > lines, "the job runs on after the dump");
        } finally {
            TestJob.killGroup(job.pgid());
        }
    }
}
