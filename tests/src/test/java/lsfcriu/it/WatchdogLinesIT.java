package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import lsf.emulator.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every watchdog of a restart chain leaves its line in the job's current log: the watchdog armed by
 * an earlier instance fires after LSF renamed the directory to the newest id and removed the old
 * id's link at the next checkpoint, and writes where the job is now (found by its state), not into
 * the host's fallback.
 */
class WatchdogLinesIT {
    @TempDir
    java.nio.file.Path tmp;

    @Test
    void inAChainOfThreeRestartsEveryWatchdogsLineIsInTheCurrentLog() throws Exception {
        Sim sim = new Sim(tmp);
        sim.env.put("ORUN_RESTART_LIMIT", "3");
        // each watchdog fires 9 s after its run limit: after the next instance's checkpoint removed the old link
        sim.env.put("ORUN_TIMEOUT_SECONDS", "9");
        sim.linger = Duration.ofSeconds(12); // the last watchdog fires after the job's end
        Emulator.Result r = sim.run(4, Duration.ofSeconds(150), sim.counter(70, 7));
        assertEquals(List.of(101L, 102L, 103L, 104L), r.jobIds());
        assertEquals(7, r.exitCode());
        String log = sim.log(104);
        long lines =
                log.lines().filter(l -> l.contains("watchdog: the job is gone")).count();
        assertEquals(3, lines, "one line from each instance's watchdog, in the current log: " + log);
        for (long job : List.of(101L, 102L, 103L)) {
            assertTrue(
                    log.lines()
                            .anyMatch(l -> l.contains("lsf-criu-terminate job " + job + ": watchdog: the job is gone")),
                    "job " + job + "'s watchdog: " + log);
        }
    }
}
