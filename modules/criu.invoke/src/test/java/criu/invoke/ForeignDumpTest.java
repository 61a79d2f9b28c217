package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.image.Generations;
import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.proc.ProcessTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ordinary user's dump of another user's process (here root's) is refused before criu runs:
 * the process is not seized, not frozen, and keeps running. Fails if the refusal is removed
 * (criu would seize it, or fail only after freezing it).
 */
class ForeignDumpTest {
    @TempDir
    Path tmp;

    @Test
    void aUsersDumpOfRootsProcessIsRefusedAndLeavesItRunning() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                TestJob.isRoot(), "needs root to own the victim and become the user");
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Process victim = new ProcessBuilder("setsid", "sh", "-c", "sleep 60; :")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
        try {
            long pgid = victim.pid();
            for (int i = 0;
                    i < 100
                            && ProcFs.system()
                                    .stat(pgid)
                                    .map(s -> s.pgid() != pgid)
                                    .orElse(true);
                    i++) {
                TestJob.sleep(20);
            }
            Path dir = Files.createDirectory(tmp.resolve("user"));
            TestJob.run(List.of("chown", TestJob.USER, dir.toString()));
            DumpOutcome d = RealCriu.asUser(tmp).dump(dir.resolve("chk"), pgid, CriuCommand.AfterDump.LEAVE_STOPPED);
            assertEquals(DumpOutcome.Status.REFUSED, d.status(), d.message());
            assertTrue(d.message().contains("runs as uid [0, 0, 0, 0], not as the dumping user"), d.message());
            for (ProcStat s : ProcessTable.read(ProcFs.system()).group(pgid)) {
                assertTrue(s.state() != 'T' && s.state() != 't', "root's process " + s.pid() + " was stopped: " + s);
            }
            assertTrue(victim.isAlive(), "root's process was killed");
            assertEquals(Optional.empty(), new Generations(dir.resolve("chk")).current());
        } finally {
            TestJob.killGroup(victim.pid());
        }
    }
}
