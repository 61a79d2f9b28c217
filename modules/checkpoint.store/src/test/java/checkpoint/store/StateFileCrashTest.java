package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed with SIGKILL at random moments never leaves a state file that fails to
 * parse, nor one that is neither the last state it acknowledged nor the one after.
 */
class StateFileCrashTest {
    /** 400 in the test command (a JVM start each: ~100 s on 2 cores); a longer soak: tests/run-all -Dcrash.kills=5000. */
    static final int KILLS = Integer.getInteger("crash.kills", 400);

    static final int LANES = 2;

    @TempDir
    Path tmp;

    @Test
    void sigkillAtRandomMomentsLeavesTheOldOrTheNewState() throws Exception {
        WriterProcesses writers = new WriterProcesses();
        Path warm = Files.createDirectories(tmp.resolve("warm"));
        Process p = writers.command("once", warm.toString(), "7")
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(
                p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                "warm-up writer failed (" + p.exitValue() + "): " + err
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        ExecutorService pool = Executors.newFixedThreadPool(LANES);
        List<Future<Integer>> lanes = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
            Path dir = Files.createDirectories(tmp.resolve("lane" + lane));
            long seed = 42L + lane;
            lanes.add(pool.submit(() -> killRepeatedly(writers, dir, KILLS / LANES, new Random(seed))));
        }
        int torn = 0;
        for (Future<Integer> lane : lanes) {
            torn += lane.get(20, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertEquals(0, torn);
    }

    /** Runs {@code kills} writers, each killed at a random moment; returns how many bad states were seen. */
    private static int killRepeatedly(WriterProcesses writers, Path dir, int kills, Random random)
            throws IOException, InterruptedException {
        StateFile file = new StateFile(dir);
        int killedMidWrite = 0;
        for (int i = 0; i < kills; i++) {
            int before = file.read().map(CheckpointState::overrunRestarts).orElse(0);
            Process p = writers.command("loop", dir.toString()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int acknowledged = before;
            for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
                if (line == null) {
                    throw new AssertionError("writer died before its first write");
                }
                acknowledged = Integer.parseInt(line.strip());
            }
            LockSupport.parkNanos(random.nextInt(15_000_000)); // kill within the next 15 ms of writing
            p.toHandle().destroyForcibly(); // SIGKILL, keeping the pipe readable
            p.waitFor();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                acknowledged = Integer.parseInt(line.strip());
            }
            Optional<CheckpointState> after = file.read(); // throws if the file does not parse
            int k = after.map(CheckpointState::overrunRestarts).orElse(0);
            if (k != acknowledged && k != acknowledged + 1) {
                throw new AssertionError(
                        "kill " + i + ": file holds state " + k + ", writer acknowledged " + acknowledged);
            }
            if (k > 0 && !after.get().equals(StateWriterProcess.loopState(k))) {
                throw new AssertionError(
                        "kill " + i + ": state " + k + " is not what the writer wrote: " + after.get());
            }
            if (k == acknowledged + 1) {
                killedMidWrite++;
            }
        }
        assertTrue(file.read().orElseThrow().overrunRestarts() > 0, "the writers never wrote");
        System.out.println(dir.getFileName() + ": " + kills + " kills, " + killedMidWrite
                + " after the rename but before the acknowledgement");
        return 0;
    }
}
