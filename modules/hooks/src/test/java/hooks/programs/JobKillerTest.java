package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.proc.ProcessTable;
import hooks.system.Toolkit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Killing a job that criu left stopped: one SIGKILL, then a short wait for exactly those processes. */
class JobKillerTest {
    @TempDir
    Path tmp;

    FakeWorld world;
    ProcFs proc;
    JobKiller killer;

    @BeforeEach
    void job() throws IOException {
        world = new FakeWorld(tmp);
        world.process(100, 1, 100);
        world.process(101, 100, 100);
        world.process(200, 1, 200);
        Toolkit t = world.toolkit();
        proc = t.proc();
        killer = new JobKiller(proc, t.signaller(), t.ticker());
    }

    @Test
    void aStoppedJobGetsOneSigkillAndNoWaitOnceItIsGone() {
        List<ProcStat> stopped = ProcessTable.read(proc).group(100);
        assertEquals(List.of(), killer.killStopped(Set.of(100L), stopped, 10_000));
        assertEquals(List.of("KILL 100"), world.signals, "no SIGINT or SIGTERM after the dump");
        assertEquals(List.of(100L, 101L), world.processKills, "each stopped process first, from this process");
        assertEquals(0, world.millis);
        assertEquals(Set.of(200L), world.processes.keySet(), "other groups are left alone");
    }

    @Test
    void aProcessThatOutlivesSigkillIsReportedAfterTheTimeoutNotSignalledAgain() {
        world.process(101, 100, 100, "KILL");
        List<ProcStat> stopped = ProcessTable.read(proc).group(100);
        List<ProcStat> left = killer.killStopped(Set.of(100L), stopped, 200);
        assertEquals(List.of(101L), left.stream().map(ProcStat::pid).toList());
        assertEquals(List.of("KILL 100"), world.signals);
        assertEquals(List.of(100L, 101L), world.processKills, "signalled once each, not again while polled");
        assertEquals(200, world.millis, "polled until the timeout");
    }

    @Test
    void aZombieOrAReusedPidCountsAsGone() {
        world.process(101, 100, 100, "KILL");
        world.process(102, 100, 100, "KILL");
        List<ProcStat> stopped = ProcessTable.read(proc).group(100);
        world.processes.put(101L, new ProcStat(101, "p101", 'Z', 100, 100, 100, 0, Optional.empty()));
        world.processes.put(102L, new ProcStat(102, "other", 'S', 1, 102, 102, 99, Optional.empty()));
        assertEquals(List.of(), killer.killStopped(Set.of(100L), stopped, 10_000));
        assertEquals(List.of(100L), world.processKills, "neither the zombie nor the pid's new owner is signalled");
        assertEquals(0, world.millis);
    }

    @Test
    void aProcessOfTheGroupThatWasNotStoppedStillDiesByTheGroupKill() {
        List<ProcStat> stopped = ProcessTable.read(proc).group(100);
        world.process(102, 1, 100); // joined the group after the table was read
        assertEquals(List.of(), killer.killStopped(Set.of(100L), stopped, 10_000));
        assertEquals(Set.of(200L), world.processes.keySet());
    }
}
