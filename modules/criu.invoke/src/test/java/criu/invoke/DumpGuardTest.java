package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.process.ChildRunner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dump guard with real processes: a stand-in for the dumping program dies while the job is
 * stopped, and the guard continues (or kills) what criu would have left stopped, and nothing else.
 */
class DumpGuardTest {
    /**
     * A job of two processes in a group of its own, both stopped (as criu's --leave-stopped leaves them). Both
     * children are background jobs and are stopped only once they run {@code sleep}: dash vforks a foreground
     * command, and a SIGSTOP between its vfork and its exec would leave the shell in uninterruptible vfork wait
     * (state D) for ever, never stopped (this failed one CI run).
     */
    private static Process stoppedJob() throws Exception {
        Process job = new ProcessBuilder("setsid", "/bin/sh", "-c", "sleep 300 & sleep 300 & wait").start();
        waitFor(() -> ProcessHandle.of(job.pid())
                .map(h -> h.children()
                                .filter(c -> c.info().command().orElse("").endsWith("/sleep"))
                                .count()
                        == 2)
                .orElse(false));
        TestJob.run(List.of("/bin/kill", "-s", "STOP", "--", "-" + job.pid()));
        waitFor(() -> TestJob.members(job.pid()).stream().allMatch(p -> p.state() == 'T'));
        return job;
    }

    private static ProcStat stat(long pid) {
        return ProcFs.system().stat(pid).orElseThrow();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            TestJob.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), "condition not reached in 10 s");
    }

    @Test
    void whenTheDumperDiesTheStoppedJobIsContinuedButNotWhatWasStoppedBefore() throws Exception {
        Process job = stoppedJob();
        Process dumper = new ProcessBuilder("sleep", "1").start();
        try {
            List<ProcStat> members = TestJob.members(job.pid());
            long suspendedBefore = members.stream()
                    .filter(p -> p.pid() != job.pid())
                    .findFirst()
                    .orElseThrow()
                    .pid();
            Optional<Long> guard = DumpGuard.start(
                    ChildRunner.SYSTEM,
                    DumpGuard.argv(
                            stat(dumper.pid()), Duration.ofSeconds(5), "CONT", job.pid(), List.of(suspendedBefore)));
            assertTrue(guard.isPresent(), "the guard started and named itself");
            assertTrue(ProcessHandle.of(guard.get()).isPresent());
            TestJob.sleep(500);
            assertTrue(
                    TestJob.members(job.pid()).stream().allMatch(p -> p.state() == 'T'),
                    "nothing while the dumper lives");
            dumper.waitFor(5, TimeUnit.SECONDS);
            waitFor(() -> ProcessHandle.of(guard.get()).isEmpty());
            for (ProcStat p : TestJob.members(job.pid())) {
                assertEquals(p.pid() == suspendedBefore ? 'T' : 'S', p.state(), "pid " + p.pid());
            }
        } finally {
            TestJob.killGroup(job.pid());
        }
    }

    @Test
    void aCheckpointThatEndsTheJobKillsWhatIsLeftStopped() throws Exception {
        Process job = stoppedJob();
        Process dumper = new ProcessBuilder("sleep", "0.5").start();
        try {
            DumpGuard.start(
                    ChildRunner.SYSTEM,
                    DumpGuard.argv(stat(dumper.pid()), Duration.ofSeconds(5), "KILL", job.pid(), List.of()));
            assertTrue(job.waitFor(10, TimeUnit.SECONDS), "the stopped job was killed");
            waitFor(() -> TestJob.members(job.pid()).isEmpty());
        } finally {
            TestJob.killGroup(job.pid());
        }
    }

    @Test
    void aCancelledGuardLeavesTheJobAlone() throws Exception {
        Process job = stoppedJob();
        Process dumper = new ProcessBuilder("sleep", "0.5").start();
        try {
            long guard = DumpGuard.start(
                            ChildRunner.SYSTEM,
                            DumpGuard.argv(stat(dumper.pid()), Duration.ofSeconds(5), "CONT", job.pid(), List.of()))
                    .orElseThrow();
            TestJob.run(List.of("/bin/kill", "-s", "KILL", Long.toString(guard)));
            dumper.waitFor(5, TimeUnit.SECONDS);
            TestJob.sleep(1000);
            assertTrue(TestJob.members(job.pid()).stream().allMatch(p -> p.state() == 'T'), "left as it was");
        } finally {
            TestJob.killGroup(job.pid());
        }
    }
}
