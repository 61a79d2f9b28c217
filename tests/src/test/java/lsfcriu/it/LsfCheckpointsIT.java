package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lsf.emulator.Emulator;
import lsf.env.CheckpointDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints LSF asks for on its own, end to end as an ordinary user with the real criu: on a
 * period while the job runs on, {@code bchkpnt -k}, {@code bmig}, and a rerun after a host failure
 * that resumes from the last periodic checkpoint with the job's files put back as they were then.
 */
class LsfCheckpointsIT {
    @TempDir
    Path tmp;

    Sim sim() throws Exception {
        Sim sim = new Sim(tmp);
        sim.user = Optional.of(Sim.USER);
        return sim;
    }

    static List<String> expectedData(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            lines.add("data " + i);
        }
        return lines;
    }

    @Test
    void aRerunAfterAHostFailureResumesFromTheLastPeriodicCheckpointWithEveryLineOnce() throws Exception {
        Sim sim = sim();
        sim.checkpointPeriod = 2;
        Path data = sim.out.resolveSibling("data.txt");
        sim.listener = Sim.after("checkpoint done", 2, 1200, e -> sim.emulator.failHost());
        Emulator.Result r = sim.run(300, Duration.ofSeconds(120), sim.writer(data, 60, 7));
        String log = sim.log(101);
        assertEquals(7, r.exitCode(), log);
        assertEquals(List.of(101L, 101L), r.jobIds(), "rerun under the same id");
        assertTrue(r.timeline().named("host failure").size() == 1
                && r.timeline().named("rerun").size() == 1);
        assertTrue(log.contains("a rerun after a host failure): resuming from it"), log);
        assertTrue(log.contains("file put back as the job saw it at the dump: " + data + ": grew from"), log);
        assertTrue(log.contains("file put back as the job saw it at the dump: " + sim.out + ": grew from"), log);
        sim.assertContinuous(60);
        assertEquals(expectedData(60), Files.readAllLines(data), "the > file holds every step once");
        assertTrue(r.timeline().named("checkpoint done").size() >= 2);
        assertTrue(
                sim.events(101).stream()
                        .anyMatch(e -> "checkpoint_done".equals(e.get("event")) && e.get("frozen_time_us") != null),
                "each checkpoint's freeze time is recorded");
        assertTrue(
                Files.notExists(sim.chk.resolve("101/" + CheckpointDir.STATE)),
                "periodic checkpoints and a rerun leave the run-limit state alone");
    }

    /**
     * The other rerun LSF may do after a host failure (volclava's sources, for a checkpointed job):
     * through the checkpoint method's restart path, erestart.criu with LSB_RESTART=Y under the same
     * id, although no POST_EXEC asked for a restart. It resumes from the newest periodic checkpoint too.
     */
    @Test
    void aRerunThroughTheRestartPathResumesFromTheLastPeriodicCheckpointWithEveryLineOnce() throws Exception {
        Sim sim = sim();
        sim.checkpointPeriod = 2;
        Path data = sim.out.resolveSibling("data.txt");
        sim.listener =
                Sim.after("checkpoint done", 2, 1200, e -> sim.emulator.failHost(Emulator.RerunMode.THROUGH_RESTART));
        Emulator.Result r = sim.run(300, Duration.ofSeconds(120), sim.writer(data, 60, 7));
        String log = sim.log(101);
        assertEquals(7, r.exitCode(), log);
        assertEquals(List.of(101L, 101L), r.jobIds(), "rerun under the same id");
        assertEquals(1, r.timeline().named("rerun dispatch").size(), "through erestart.criu");
        assertTrue(log.contains("erestart.criu job 101: restart command written"), log);
        sim.assertContinuous(60);
        assertEquals(expectedData(60), Files.readAllLines(data), "the > file holds every step once");
    }

    @Test
    void aFileChangedBelowItsDumpSizeWithoutACopyIsRefusedByNameAndTheRerunStartsAfresh() throws Exception {
        Sim sim = sim();
        sim.checkpointPeriod = 2;
        sim.config.put("FILE_COPY_MAX_MIB", "0");
        Path data = sim.out.resolveSibling("data.txt");
        sim.listener = Sim.after("checkpoint done", 1, 300, e -> {
            try (java.nio.channels.FileChannel ch =
                    java.nio.channels.FileChannel.open(data, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(2);
            }
            sim.emulator.failHost();
        });
        Emulator.Result r = sim.run(300, Duration.ofSeconds(120), sim.writer(data, 30, 7));
        String log = sim.log(101);
        assertEquals(7, r.exitCode(), log);
        assertTrue(log.contains("cannot restart: file " + data + " the job had open at the dump is now "), log);
        assertTrue(log.contains("the job starts from the beginning"), log);
        assertEquals(expectedData(30), Files.readAllLines(data), "the job ran again from its first step");
    }

    @Test
    void bmigCheckpointsKillsAndRestartsTheJobUnderItsOwnId() throws Exception {
        Sim sim = sim();
        Path data = sim.out.resolveSibling("data.txt");
        sim.listener = Sim.after("job start", 1, 3000, e -> sim.lsfCommand("bmig", "101"));
        Emulator.Result r = sim.run(300, Duration.ofSeconds(120), sim.writer(data, 40, 5));
        String log = sim.log(101);
        assertEquals(5, r.exitCode(), log);
        assertEquals(List.of(101L, 101L), r.jobIds(), log);
        assertEquals(1, r.timeline().named("migration dispatch").size());
        sim.assertContinuous(40);
        assertEquals(expectedData(40), Files.readAllLines(data));
    }

    /** {@code bchkpnt -k}: checkpointed and killed; the user's {@code brestart} later resumes it from that checkpoint. */
    @Test
    void bchkpntKCheckpointsAndKillsAndTheUsersBrestartResumesIt() throws Exception {
        Sim sim = sim();
        sim.linger = Duration.ofSeconds(5);
        Path data = sim.out.resolveSibling("data.txt");
        List<Run> statusAfterKill = new java.util.concurrent.CopyOnWriteArrayList<>();
        sim.listener = Sim.after("job start", 1, 3000, e -> sim.lsfCommand("bchkpnt", "-k", "101"))
                .andThen(Sim.quietlyAfter("post-exec exit", 1, 0, e -> {
                    statusAfterKill.add(Run.of(
                            tmp,
                            Run.bareEnvironment(),
                            30,
                            List.of(
                                    RuntimeImageIT.IMAGE.resolve("bin/lsf-criu").toString(),
                                    "status",
                                    sim.chk.resolve("101").toString())));
                    sim.lsfCommand("brestart", sim.chk.toString(), "101");
                }));
        Emulator.Result r = sim.run(300, Duration.ofSeconds(90), sim.writer(data, 40, 3));
        String log = sim.log(102);
        assertEquals(List.of(101L, 102L), r.jobIds(), log);
        assertEquals(
                9,
                r.timeline().named("job exit").get(0).detail().equals("killed by signal 9") ? 9 : -1,
                "the first instance was killed by the checkpoint: "
                        + r.timeline().named("job exit"));
        assertEquals(3, r.exitCode(), log);
        sim.assertContinuous(40);
        assertEquals(expectedData(40), Files.readAllLines(data));
        assertTrue(Files.notExists(sim.summary(101)), "no run limit was reached: nothing to summarise");
        Run status = statusAfterKill.get(0);
        assertEquals(0, status.exit(), status.err());
        assertTrue(
                status.out().contains("Run-limit state:      none")
                        && status.out().contains("Generations:          1"),
                status.out());
    }
}
