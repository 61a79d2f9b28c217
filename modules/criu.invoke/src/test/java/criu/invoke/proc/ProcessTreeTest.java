package criu.invoke.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A process tree read through its own processes' children files is the tree a full scan gives. */
class ProcessTreeTest {
    private static ProcStat proc(long pid, long ppid, char state) {
        return new ProcStat(pid, "sh", state, ppid, 5, 5, 0, Optional.empty());
    }

    /** A fixed table whose children files say {@code children}. */
    private static ProcFs fake(List<ProcStat> stats, Map<Long, List<Long>> children) {
        Map<Long, ProcStat> byPid = new HashMap<>();
        stats.forEach(s -> byPid.put(s.pid(), s));
        return new ProcFs() {
            @Override
            public List<Long> pids() {
                return List.copyOf(byPid.keySet());
            }

            @Override
            public Optional<ProcStat> stat(long pid) {
                return Optional.ofNullable(byPid.get(pid));
            }

            @Override
            public Optional<List<Long>> children(long pid) {
                return Optional.ofNullable(children.get(pid));
            }
        };
    }

    @Test
    void aRealTreeReadsAsTheFullScanReadsIt() throws Exception {
        Process job = new ProcessBuilder(
                        "/bin/sh", "-c", "sleep 30 & sleep 30 & (sleep 30 & sleep 30 & wait) & echo ready; wait")
                .redirectErrorStream(true)
                .start();
        try {
            assertEquals("ready", new String(job.getInputStream().readNBytes(5)));
            List<ProcStat> scanned = List.of();
            for (int i = 0; i < 100 && scanned.size() < 6; i++) { // until the subshell forked its two
                Thread.sleep(20);
                scanned = ProcessTable.read(ProcFs.system()).tree(job.pid());
            }
            assertEquals(6, scanned.size(), scanned.toString());
            assertEquals(scanned, ProcessTable.tree(ProcFs.system(), job.pid()));
        } finally {
            job.descendants().forEach(ProcessHandle::destroyForcibly);
            job.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void zombiesAndPidsReusedOutsideTheTreeAreLeftOut() {
        List<ProcStat> stats =
                List.of(proc(10, 1, 'S'), proc(12, 10, 'S'), proc(11, 10, 'Z'), proc(13, 99, 'S'), proc(14, 12, 'T'));
        ProcFs fs = fake(stats, Map.of(10L, List.of(13L, 12L, 11L), 12L, List.of(14L), 14L, List.of()));
        List<ProcStat> tree = ProcessTable.tree(fs, 10);
        assertEquals(List.of(10L, 12L, 14L), tree.stream().map(ProcStat::pid).toList());
        assertEquals(ProcessTable.of(stats).tree(10), tree);
    }

    @Test
    void aChildrenFileThatCannotBeReadFallsBackToTheFullScan() {
        List<ProcStat> stats = List.of(proc(10, 1, 'S'), proc(12, 10, 'S'), proc(14, 12, 'S'));
        ProcFs unreadable = fake(stats, Map.of(10L, List.of(12L)));
        assertEquals(
                List.of(10L, 12L, 14L),
                ProcessTable.tree(unreadable, 10).stream().map(ProcStat::pid).toList());
        ProcFs vanished = fake(stats, Map.of(10L, List.of(12L, 77L), 12L, List.of(14L), 14L, List.of()));
        assertEquals(
                List.of(10L, 12L, 14L),
                ProcessTable.tree(vanished, 10).stream().map(ProcStat::pid).toList());
        assertTrue(ProcessTable.tree(fake(stats, Map.of()), 99).isEmpty(), "no such root");
    }
}
