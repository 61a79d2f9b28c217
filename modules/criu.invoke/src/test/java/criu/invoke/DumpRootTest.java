package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.proc.ProcessTable;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dump-root rule for every layout of the LSF contract. */
class DumpRootTest {
    static ProcStat p(long pid, String comm, long ppid, long pgid) {
        return new ProcStat(pid, comm, 'S', ppid, pgid, pgid, 0, Optional.empty());
    }

    static ProcStat zombie(long pid, long ppid, long pgid) {
        return new ProcStat(pid, "sh", 'Z', ppid, pgid, pgid, 0, Optional.empty());
    }

    static long root(List<ProcStat> ps, long pgid) {
        DumpRoot.Choice c = DumpRoot.choose(ProcessTable.of(ps), pgid);
        return c.root().orElseThrow(() -> new AssertionError(c.reason())).pid();
    }

    @Test
    void ibmAndVolclavaResLeadsThenTheJobFileShellIsDumped() {
        // sbatchd 100 -> res 200 (leader) -> /bin/sh jobfile 201 -> user command 202 -> child 203
        List<ProcStat> ps = List.of(
                p(1, "init", 0, 1),
                p(100, "sbatchd", 1, 100),
                p(200, "res", 100, 200),
                p(201, "sh", 200, 200),
                p(202, "a.out", 201, 200),
                p(203, "a.out", 202, 200));
        assertEquals(201, root(ps, 200));
    }

    @Test
    void openLavaJobFileShellLeadsThenTheCommandIsDumped() {
        List<ProcStat> ps = List.of(
                p(1, "init", 0, 1),
                p(100, "sbatchd", 1, 100),
                p(300, "sh", 100, 300),
                p(301, "python", 300, 300),
                p(302, "python", 301, 300));
        assertEquals(301, root(ps, 300));
    }

    @Test
    void aTreeRestoredByLsfCriuIsDumpedNotWhatRanTheRestore() {
        // restarted job: jobfile shell 400 (leader) -> lsf-criu restart script 401 -> sleep 402;
        // restored tree 7309 -> 7310 re-parented to init, in the job's group
        List<ProcStat> ps = List.of(
                p(1, "init", 0, 1),
                p(100, "sbatchd", 1, 100),
                p(400, "sh", 100, 400),
                p(401, "sh", 400, 400),
                p(402, "sleep", 401, 400),
                p(7309, "sh", 1, 400),
                p(7310, "a.out", 7309, 400));
        assertEquals(7309, root(ps, 400));
    }

    @Test
    void aPeriodicDumpContinuesOnlyWhatWasRunningBeforeIt() {
        ProcStat suspended = new ProcStat(7, "a.out", 'T', 1, 5, 5, 0, Optional.empty());
        ProcessTable before = ProcessTable.of(List.of(p(5, "sh", 1, 5), suspended, zombie(8, 5, 5)));
        ProcStat stoppedByCriu = new ProcStat(5, "sh", 'T', 1, 5, 5, 0, Optional.empty());
        ProcStat forkedMeanwhile = new ProcStat(9, "sleep", 'T', 5, 5, 5, 0, Optional.empty());
        assertEquals(
                List.of("5", "9"),
                Dumper.continuable(before, List.of(stoppedByCriu, suspended, forkedMeanwhile)),
                "a job LSF suspended (SIGSTOP) stays suspended; a child forked after the table was read is continued");
    }

    @Test
    void aTreeRestoredAsTheHoldersChildIsFoundByTheRecordedRoot() {
        // restarted job: jobfile shell 400 (leader) -> lsf-criu-restart 401 -> holder (sleep) 402 -> restored 7309
        List<ProcStat> ps = List.of(
                p(1, "init", 0, 1),
                p(400, "sh", 1, 400),
                p(401, "sh", 400, 400),
                p(402, "sleep", 401, 400),
                p(7309, "sh", 402, 400),
                p(7310, "a.out", 7309, 400));
        DumpRoot.Choice c = DumpRoot.choose(ProcessTable.of(ps), 400, Optional.of(7309L));
        assertEquals(7309, c.root().orElseThrow().pid(), c.reason());
        assertTrue(c.reason().contains("restored root"), c.reason());
        assertEquals(401, root(ps, 400), "without the record the rule would dump the restart command");
    }

    @Test
    void aRecordedRootThatIsNotALiveProcessOfTheJobIsIgnored() {
        List<ProcStat> ps = List.of(
                p(1, "init", 0, 1),
                p(300, "sh", 1, 300),
                p(301, "python", 300, 300),
                p(600, "other", 1, 600),
                zombie(302, 301, 300));
        for (long recorded : new long[] {600, 302, 300, 999}) {
            DumpRoot.Choice c = DumpRoot.choose(ProcessTable.of(ps), 300, Optional.of(recorded));
            assertEquals(301, c.root().orElseThrow().pid(), "recorded " + recorded + ": " + c.reason());
        }
    }

    @Test
    void aRestoredTreeUnderRes() {
        List<ProcStat> ps = List.of(
                p(1, "init", 0, 1),
                p(500, "res", 1, 500),
                p(501, "sh", 500, 500),
                p(502, "sh", 501, 500),
                p(7309, "sh", 1, 500));
        assertEquals(7309, root(ps, 500));
    }

    @Test
    void aLeaderWithSeveralChildrenIsRefused() {
        List<ProcStat> ps =
                List.of(p(1, "init", 0, 1), p(300, "sh", 1, 300), p(301, "a", 300, 300), p(302, "b", 300, 300));
        DumpRoot.Choice c = DumpRoot.choose(ProcessTable.of(ps), 300);
        assertEquals(Optional.empty(), c.root());
        assertEquals("group leader 300 (sh) has 2 children (301 a, 302 b): criu dumps one tree", c.reason());
    }

    @Test
    void aLeaderWithoutChildrenIsRefused() {
        DumpRoot.Choice c = DumpRoot.choose(ProcessTable.of(List.of(p(300, "sh", 1, 300))), 300);
        assertTrue(c.reason().startsWith("group leader 300 (sh) has no child to dump"), c.reason());
    }

    @Test
    void anEmptyOrDeadGroupIsRefused() {
        assertEquals(
                "process group 9 has no live process",
                DumpRoot.choose(ProcessTable.of(List.of(p(1, "init", 0, 1))), 9).reason());
        assertEquals(
                "process group 9 has no live process",
                DumpRoot.choose(ProcessTable.of(List.of(zombie(9, 1, 9), zombie(10, 9, 9))), 9)
                        .reason());
    }

    @Test
    void zombiesAndChildrenInOtherGroupsDoNotCount() {
        List<ProcStat> ps =
                List.of(p(300, "sh", 1, 300), p(301, "a", 300, 300), zombie(302, 300, 300), p(303, "daemon", 300, 999));
        assertEquals(301, root(ps, 300));
    }

    @Test
    void processesThatVanishWhileReadAreLeftOut() {
        ProcFs vanishing = new ProcFs() {
            @Override
            public List<Long> pids() {
                return List.of(300L, 301L, 302L);
            }

            @Override
            public Optional<ProcStat> stat(long pid) {
                return pid == 302
                        ? Optional.empty()
                        : Optional.of(pid == 300 ? p(300, "sh", 1, 300) : p(301, "a", 300, 300));
            }
        };
        assertEquals(
                301,
                DumpRoot.choose(ProcessTable.read(vanishing), 300)
                        .root()
                        .orElseThrow()
                        .pid());
    }

    @Test
    void severalRestoredTreesAreRefused() {
        List<ProcStat> ps = List.of(p(400, "sh", 1, 400), p(7309, "a", 1, 400), p(7400, "b", 1, 400));
        assertTrue(DumpRoot.choose(ProcessTable.of(ps), 400).reason().contains("has 2 trees"));
    }
}
