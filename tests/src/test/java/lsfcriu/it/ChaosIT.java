package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chaos harness: trials of a random job shape under a random fault at a random moment, several at
 * once, each held to {@link ChaosInvariants}. In CI it runs for a wall-clock budget
 * ({@code chaos.seconds}, 100 s by default) and says how many trials that was; {@code chaos.trials}
 * runs that many instead (the long mode, {@code tests/chaos/run-chaos --trials 1000}), and
 * {@code chaos.results} writes the report there. Every trial's seed is printed with the property that
 * replays it alone ({@code -Dchaos.replay=SEED:FAULT}).
 */
class ChaosIT {
    @Test
    void randomFaultsNeverLetAJobOutliveItsDeadlineNorLoseItsCheckpoint() throws Exception {
        int trials = Integer.getInteger("chaos.trials", 0);
        long budget = TimeUnit.SECONDS.toNanos(Long.getLong("chaos.seconds", 100));
        int parallel = Integer.getInteger("chaos.parallel", 3);
        String replay = System.getProperty("chaos.replay", "");
        long base = System.getProperty("chaos.seed", "").isEmpty()
                ? new Random().nextLong()
                : Long.parseUnsignedLong(System.getProperty("chaos.seed"), 16);
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean asUser = root && Files.exists(Path.of("/home/" + Sim.USER));
        System.out.println("chaos: base seed " + Long.toUnsignedString(base, 16) + ", " + parallel + " at once, "
                + (trials > 0 ? trials + " trials" : "for " + TimeUnit.NANOSECONDS.toSeconds(budget) + " s"));
        ProcessSampler.shared();
        List<ChaosFault> faults = new ArrayList<>(List.of(ChaosFault.values()));
        if (!root) {
            faults.removeIf(ChaosFault::smallFilesystem); // a filesystem of its own needs mount
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<ChaosOutcome>> running = new ArrayList<>();
        long start = System.nanoTime();
        try {
            if (!replay.isEmpty()) {
                String[] r = replay.split(":");
                ChaosTrial t = new ChaosTrial(Long.parseUnsignedLong(r[0], 16), ChaosFault.valueOf(r[1]), asUser);
                running.add(pool.submit(() -> t.run(System.out)));
            }
            for (int i = 0; replay.isEmpty() && (trials > 0 ? i < trials : System.nanoTime() - start < budget); i++) {
                long seed = new Random(base + i).nextLong();
                // faults in turn, so that a short run meets every kind; all else from the trial's seed
                ChaosFault fault = faults.get(Math.floorMod(base + i, faults.size()));
                ChaosTrial t = new ChaosTrial(seed, fault, asUser);
                running.add(pool.submit(() -> t.run(System.out)));
                while (running.stream().filter(f -> !f.isDone()).count() >= parallel) {
                    Thread.sleep(100);
                }
                ProcessSampler.shared().forgetOld();
            }
        } finally {
            pool.shutdown();
        }
        List<ChaosOutcome> outcomes = new ArrayList<>();
        for (Future<ChaosOutcome> f : running) {
            outcomes.add(f.get(10, TimeUnit.MINUTES));
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        ChaosReport report = new ChaosReport(outcomes, base, parallel, seconds);
        System.out.println(report.markdown());
        String results = System.getProperty("chaos.results", "");
        if (!results.isEmpty()) {
            Files.writeString(Path.of(results), report.markdown());
        }
        List<String> violations = outcomes.stream()
                .filter(o -> !o.violations().isEmpty())
                .map(ChaosOutcome::line)
                .toList();
        assertTrue(
                violations.isEmpty(),
                violations.size() + " of " + outcomes.size() + " trials broke an invariant:\n"
                        + String.join("\n", violations));
        assertTrue(outcomes.stream().anyMatch(o -> o.injected().isPresent()), "no fault was done at all: " + outcomes);
    }
}
