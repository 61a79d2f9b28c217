package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lsf.emulator.Emulator;
import lsf.env.CheckpointDir;
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
        Emulator.Result r = sim.run(4, Duration.ofSeconds(90), sim.counter(30, 5));
        assertEquals(List.of(101L, 102L), r.jobIds());
        assertEquals(5, r.exitCode());
        sim.assertContinuous(30);
        Path generations = sim.chk.resolve("102/criu");
        assertEquals(Sim.USER, Files.getOwner(generations).getName(), "dumped by the job user");
        // the chain ended: its images are deleted (KEEP_IMAGES_ON_END=N), its records stay
        assertFalse(Files.exists(generations.resolve("current"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        java.util.List<java.util.Map<String, Object>> deleted = sim.events(102).stream()
                .filter(e -> "images_deleted".equals(e.get("event")))
                .toList();
        assertEquals(1, deleted.size(), sim.log(102));
        assertTrue(((Number) deleted.get(0).get("bytes")).longValue() > 0, deleted.toString());
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
        Emulator.Result r = sim.run(4, Duration.ofSeconds(120), sim.counter(50, 6));
        assertEquals(List.of(101L, 102L, 103L), r.jobIds(), "checkpointed at both run limits");
        assertEquals(6, r.exitCode());
        sim.assertContinuous(50);
        assertEquals(2, r.timeline().named("checkpoint done").size());
        try (java.util.stream.Stream<Path> files = Files.walk(sim.chk.resolve("103"))) {
            for (Path p : files.toList()) {
                assertEquals(
                        Sim.USER,
                        Files.getOwner(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                                .getName(),
                        p + " is not the job user's");
            }
        }
        assertEquals(Sim.USER, Files.getOwner(sim.summary(101)).getName(), "the summary is the job user's");
    }

    /**
     * A queue without JOB_STARTER: the restarted job's exit status still reaches LSF, because the
     * restart command reads it from the kernel (the restored root is a child of its holder).
     */
    @Test
    void aRestartedJobsExitStatusReachesLsfWithoutAJobStarter() throws Exception {
        Sim sim = new Sim(tmp);
        sim.user = Optional.of(Sim.USER);
        sim.jobStarter = img -> "";
        sim.env.put("ORUN_RESTART_LIMIT", "2");
        Emulator.Result r = sim.run(4, Duration.ofSeconds(120), sim.counter(50, 7));
        assertEquals(List.of(101L, 102L, 103L), r.jobIds(), "checkpointed at both run limits: " + sim.log(103));
        assertEquals(7, r.exitCode(), "LSF records the job's own exit status: " + sim.log(103));
        sim.assertContinuous(50);
        assertEquals(2, r.timeline().named("checkpoint done").size());
        assertFalse(
                Files.exists(sim.chk.resolve("103/" + CheckpointDir.EXIT_STATUS)), "no job starter recorded anything");
        assertTrue(
                sim.events(103).stream()
                        .anyMatch(e -> "job_ended".equals(e.get("event"))
                                && Integer.valueOf(7).equals(e.get("exit_status"))),
                sim.events(103).toString());
    }

    /** A site's own JOB_STARTER, wrapped by lsf-criu's: both run, and the restarted job's status is true. */
    @Test
    void aSiteJobStarterWrappedByLsfCriusRunsAndTheStatusIsTrue() throws Exception {
        Sim sim = new Sim(tmp);
        sim.user = Optional.of(Sim.USER);
        sim.env.put("ORUN_RESTART_LIMIT", "2");
        Path marks = sim.out.resolveSibling("site-starter.marks");
        Path starter = tmp.resolve("site-starter");
        Files.writeString(
                starter,
                "#!/bin/sh\necho \"site starter ran for job $LSB_JOBID\" >> '" + marks + "'\n"
                        + "exec /bin/sh -c \"$1\"\n");
        Files.setPosixFilePermissions(starter, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        sim.jobStarter = img -> img.resolve("bin/lsf-criu-job-starter") + " " + starter;
        Emulator.Result r = sim.run(4, Duration.ofSeconds(120), sim.counter(50, 9));
        assertEquals(List.of(101L, 102L, 103L), r.jobIds(), sim.log(103));
        assertEquals(9, r.exitCode(), sim.log(103));
        sim.assertContinuous(50);
        assertEquals(
                List.of("site starter ran for job 101"),
                Files.readAllLines(marks),
                "the site's starter started the job once; restarts resume it");
    }
}
