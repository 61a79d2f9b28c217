package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lsf.emulator.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cycle as LSF runs it for an ordinary user: the job, the TERMINATE action, echkpnt, POST_EXEC,
 * erestart and the restart command all run as that user, with criu's file capabilities.
 */
class EndToEndAsUserIT {
    @TempDir
    Path tmp;

    @Test
    void anOrdinaryUsersJobIsCheckpointedAndRestarted() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "the emulator runs jobs as another user only as root");
        Sim sim = new Sim(tmp);
        sim.user = Optional.of(Sim.USER);
        sim.env.put("ORUN_RESTART_LIMIT", "1");
        Emulator.Result r = sim.run(4, Duration.ofSeconds(90), sim.counter(35, 5));
        assertEquals(List.of(101L, 102L), r.jobIds());
        assertEquals(5, r.exitCode());
        sim.assertContinuous(35);
        Path generation = sim.chk.resolve("102/criu/current").toRealPath();
        assertEquals(Sim.USER, Files.getOwner(generation).getName(), "dumped by the job user");
        assertTrue(sim.log(102).contains("--unprivileged"), "criu ran unprivileged");
        assertTrue(Files.readString(sim.summary(101)).contains("Overrun restarts: 1"));
    }

    /**
     * POST_EXEC run as root (LSB_PRE_POST_EXEC_USER=root): it becomes the job's user, so the restarted
     * job can still write its checkpoint directory and is checkpointed again at its next run limit.
     */
    @Test
    void aJobRestartedAfterARootPostExecIsCheckpointedAgain() throws Exception {
        Sim sim = new Sim(tmp);
        sim.user = Optional.of(Sim.USER);
        sim.postExecAsRoot = true;
        sim.env.put("ORUN_RESTART_LIMIT", "2");
        Emulator.Result r = sim.run(4, Duration.ofSeconds(120), sim.counter(45, 6));
        assertEquals(List.of(101L, 102L, 103L), r.jobIds(), "checkpointed at both run limits");
        assertEquals(6, r.exitCode());
        sim.assertContinuous(45);
        assertEquals(2, r.timeline().named("checkpoint done").size());
        try (java.util.stream.Stream<Path> files = Files.walk(sim.chk.resolve("103"))) {
            for (Path p : files.toList()) {
                assertEquals(Sim.USER, Files.getOwner(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName(),
                        p + " is not the job user's");
            }
        }
        assertEquals(Sim.USER, Files.getOwner(sim.summary(101)).getName(), "the summary is the job user's");
    }
}
