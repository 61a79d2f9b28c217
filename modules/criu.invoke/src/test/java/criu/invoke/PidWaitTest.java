package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.process.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore while a dumped pid is still held waits, then succeeds once it is free, or fails with
 * a message naming the pid.
 */
class PidWaitTest {
    @TempDir
    Path tmp;

    @Test
    void aHeldPidIsWaitedForThenTheRestoreSucceeds() throws Exception {
        RealCriu real = RealCriu.asRoot();
        Path chk = tmp.resolve("chk");
        TestJob job = TestJob.start(Files.createDirectory(tmp.resolve("j")), 100, 0, false);
        long pgid = job.pgid();
        DumpOutcome o = real.dump(chk, pgid, CriuCommand.AfterDump.LEAVE_STOPPED);
        assertTrue(o.dumped(), o.message());
        long root = o.rootPid().get();
        // the dumped tree is left stopped and not yet killed: its pids are held
        Restorer restorer = new Restorer(ProcFs.system(), Ticker.system());
        Restorer.Plan refused = restorer.prepare(chk, Duration.ofSeconds(1));
        assertTrue(
                refused.problem()
                        .orElseThrow()
                        .startsWith("pid " + root + " that the checkpoint needs is still in use" + " by 'sh'"),
                refused.problem().get());
        assertTrue(
                refused.problem().get().endsWith("after 1 s"), refused.problem().get());

        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            TestJob.sleep(1500);
            TestJob.killGroup(pgid);
        });
        long start = System.nanoTime();
        Restorer.Plan ready = restorer.prepare(chk, Duration.ofSeconds(60));
        assertTrue(ready.ready(), ready.problem().orElse(""));
        assertTrue(System.nanoTime() - start >= 1_000_000_000L, "it did not wait");
        killer.get(10, TimeUnit.SECONDS);
        job.leader.waitFor(10, TimeUnit.SECONDS);
        int atDump = job.numbers().size();
        real.restore(chk);
        job.awaitLines(atDump + 5);
        TestJob.assertContinuous(job.numbers());
    }

    @Test
    void aZombieIsNamedAsSuchAndTheWaitIsBounded() {
        ProcStat zombie = new ProcStat(4242, "sh", 'Z', 1, 4242, 4242, 0, Optional.of(0));
        ProcFs proc = new ProcFs() {
            @Override
            public List<Long> pids() {
                return List.of(4242L);
            }

            @Override
            public Optional<ProcStat> stat(long pid) {
                return pid == 4242 ? Optional.of(zombie) : Optional.empty();
            }
        };
        long[] now = {0};
        Ticker fake = new Ticker() {
            @Override
            public long millis() {
                return now[0];
            }

            @Override
            public void sleep(long millis) {
                now[0] += millis;
            }
        };
        assertEquals(
                Optional.of("pid 4242 that the checkpoint needs is still in use by 'sh' (a zombie not yet reaped by"
                        + " its parent 1) after 30 s"),
                new Restorer(proc, fake).waitForFreeIds(List.of(4243L, 4242L), Duration.ofSeconds(30)));
        assertEquals(30_000, now[0]);
        assertEquals(Optional.empty(), new Restorer(proc, fake).waitForFreeIds(List.of(4243L), Duration.ofSeconds(30)));
    }

    @Test
    void theRestoringProcessItselfDoesNotCountAsAHolder() {
        long self = ProcessHandle.current().pid();
        assertEquals(
                Optional.empty(),
                new Restorer(ProcFs.system(), Ticker.system()).waitForFreeIds(List.of(self), Duration.ofSeconds(1)));
        assertTrue(ProcFs.system().ownTasks().size() > 1, "the JVM's threads are its own tasks too");
    }
}
