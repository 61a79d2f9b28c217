package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import lsf.emulator.Emulator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue the site checkpoints by default ({@code DEFAULT_OPT_IN_QUEUES}): its jobs set nothing and are
 * checkpointed and restarted with the site's limits; a job that opts out is killed as LSF kills it; a job
 * that cannot be checkpointed is killed at its limit without a checkpoint, and {@code lsf-criu probe} said
 * so, for the same reason, while it ran.
 */
class ZeroTouchQueueIT {
    @TempDir
    Path tmp;

    /** A simulation of a job in queue {@code long}, which the site checkpoints by default, with no user setting. */
    Sim inLongQueue() throws Exception {
        Sim sim = new Sim(tmp);
        sim.env.remove("ENABLE_ORUN_CHKPNT");
        sim.env.remove("ENABLE_ORUN_RESTART");
        sim.env.put("LSB_QUEUE", "long");
        sim.config.put("DEFAULT_OPT_IN_QUEUES", "long,week");
        sim.config.put("RESTART_LIMIT_DEFAULT", "1");
        return sim;
    }

    @Test
    void aJobOfADefaultQueueIsCheckpointedAndRestartedToItsOwnExitStatus() throws Exception {
        Sim sim = inLongQueue();
        Emulator.Result r = sim.run(4, Duration.ofSeconds(120), sim.counter(30, 7));
        assertEquals(List.of(101L, 102L), r.jobIds(), sim.log(102));
        assertEquals(7, r.exitCode(), "the job's own exit status after its restart");
        sim.assertContinuous(30);
        String log = sim.log(102);
        assertTrue(log.contains("opt-in: queue long checkpoints its jobs by default (DEFAULT_OPT_IN_QUEUES)"), log);
        assertTrue(log.contains("setting ORUN_RESTART_LIMIT=1 (admin config)"), log);
        String summary = Files.readString(sim.summary(101));
        assertTrue(summary.contains("Overrun restarts: 1"), summary);
        // its output and working directory are on this host's own filesystem (the test's /tmp): restart here
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertEquals(
                "resubmitted as job 102 to host " + host,
                r.timeline().named("brestart").get(0).detail(),
                log);
        assertTrue(sim.log(101).contains("its restore needs this host: "), sim.log(101));
    }

    @Test
    void aJobThatOptsOutOfItsQueuesDefaultIsKilledNormally() throws Exception {
        Sim sim = inLongQueue();
        sim.env.put("ENABLE_ORUN_CHKPNT", "N");
        Emulator.Result r = sim.run(3, Duration.ofSeconds(60), sim.counter(200, 0));
        EndToEndIT.assertKilledNormally(sim, r, "job opted out (ENABLE_ORUN_CHKPNT is N)");
    }

    @Test
    void aJobThatCannotBeCheckpointedIsKilledAtItsLimitAndProbeSaidWhy() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "a mount namespace needs root");
        Sim sim = inLongQueue();
        AtomicReference<Map<String, Object>> probed = new AtomicReference<>();
        sim.listener = Sim.after("job start", 1, 1000, e -> {
            String pgid = e.detail().replaceAll("^pgid (\\d+):.*", "$1");
            Run p = Run.of(
                    Path.of("/tmp"),
                    Run.bareEnvironment(),
                    60,
                    List.of(CheckpointabilityIT.LSF_CRIU.toString(), "probe", pgid, "--json"));
            probed.set(JSON.std.mapFrom(p.out()));
        });
        // the job's program runs in a mount namespace of its own, as in a container
        String[] counter = sim.counter(200, 0);
        String[] job = new String[counter.length + 3];
        job[0] = "unshare";
        job[1] = "--mount";
        job[2] = "--fork";
        System.arraycopy(counter, 0, job, 3, counter.length);
        Emulator.Result r = sim.run(3, Duration.ofSeconds(60), job);
        String log = sim.log(101);
        assertEquals(List.of(101L), r.jobIds(), log);
        assertTrue(r.timeline().named("checkpoint start").isEmpty(), "no dump was tried: " + log);
        assertFalse(Files.exists(sim.chk.resolve("101/criu")), "no checkpoint was taken");
        Map<String, Object> probe = probed.get();
        assertEquals(false, probe.get("checkpointable"), String.valueOf(probe));
        assertEquals("NAMESPACE", probe.get("blocker"), String.valueOf(probe));
        String why = probe.get("reason").toString();
        assertTrue(log.contains("decision KILL_NORMALLY: the job cannot be checkpointed: " + why), why + "\n" + log);
        assertTrue(
                sim.events(101).stream()
                        .anyMatch(ev -> "not_checkpointable".equals(ev.get("event"))
                                && "NAMESPACE".equals(ev.get("blocker"))
                                && why.equals(ev.get("reason"))),
                sim.events(101).toString());
        assertTrue(log.contains("run-limit warning: SIGUSR2"), "killed as LSF kills at the limit: " + log);
        String summary = Files.readString(sim.summary(101));
        assertTrue(summary.contains("killed at its run limit without a checkpoint: " + why), summary);
        Run explain = Run.of(
                Path.of("/tmp"),
                Map.of(
                        "PATH",
                        "/usr/bin:/bin",
                        "LSB_CHKPNT_DIR",
                        sim.chk.resolve("101").toString(),
                        "LSB_JOBID",
                        "101"),
                60,
                List.of(sim.image.resolve("bin/lsf-criu").toString(), "explain"));
        assertTrue(explain.out().contains(why), "lsf-criu explain says why: " + explain.out() + explain.err());
    }
}
