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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lsf-criu sweep} as root over a checkpoint root holding a finished job's images (kept with
 * KEEP_IMAGES_ON_END=Y), a running job's, and a planted link to another directory of images: it
 * names and then removes only the finished job's images, as that job's user, and keeps its state,
 * log and events.
 */
class SweepIT {
    @TempDir
    Path tmp;

    @Test
    void sweepRemovesOnlyTheImagesOfJobsLsfNoLongerKnows() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "sweep as root, as its owner");
        Sim sim = new Sim(tmp);
        sim.user = Optional.of(Sim.USER);
        sim.config.put("KEEP_IMAGES_ON_END", "Y");
        sim.env.put("ORUN_RESTART_LIMIT", "1");
        Emulator.Result r = sim.run(3, Duration.ofSeconds(90), sim.counter(30, 7));
        assertEquals(List.of(101L, 102L), r.jobIds(), sim.log(102));
        Path finished = sim.chk.resolve("102");
        assertTrue(Files.isSymbolicLink(finished.resolve("criu/current")), "images kept: " + sim.log(102));
        // a job LSF still runs, with images of its own
        Path running = sim.chk.resolve("150");
        Files.createDirectories(running.resolve("criu/gen-000001"));
        Files.write(running.resolve("criu/gen-000001/pages-1.img"), new byte[4096]);
        Files.writeString(sim.lsf.resolve("spool/jobs/150.json"), "{\"JOBID\":\"150\",\"STAT\":\"RUN\"}\n");
        // a planted link to a directory of images elsewhere
        Path elsewhere = tmp.resolve("elsewhere/160");
        Files.createDirectories(elsewhere.resolve("criu/gen-000001"));
        Files.write(elsewhere.resolve("criu/gen-000001/pages-1.img"), new byte[4096]);
        Files.createSymbolicLink(sim.chk.resolve("160"), elsewhere);
        String lsfCriu = sim.image.resolve("bin/lsf-criu").toString();

        Run dry = Run.of(
                tmp,
                Run.bareEnvironment(),
                60,
                List.of(lsfCriu, "sweep", sim.chk.toString(), "--dry-run", "--quiet-minutes", "0"));
        assertEquals(0, dry.exit(), dry.out() + dry.err());
        List<String> removing =
                dry.out().lines().filter(l -> l.startsWith("remove ")).toList();
        assertEquals(1, removing.size(), dry.out());
        assertTrue(removing.get(0).contains(finished.toString()), dry.out());
        assertTrue(dry.out().contains("keep     " + running + " "), dry.out());
        assertFalse(dry.out().contains("160"), "a link is never followed: " + dry.out());
        assertTrue(Files.isSymbolicLink(finished.resolve("criu/current")), "a dry run removes nothing");

        Run sweep = Run.of(
                tmp,
                Run.bareEnvironment(),
                60,
                List.of(lsfCriu, "sweep", sim.chk.toString(), "--quiet-minutes", "0", "--json"));
        assertEquals(0, sweep.exit(), sweep.out() + sweep.err());
        assertFalse(
                Files.exists(finished.resolve("criu/current"), java.nio.file.LinkOption.NOFOLLOW_LINKS), sweep.out());
        try (var gens = Files.list(finished.resolve("criu"))) {
            assertTrue(gens.noneMatch(p -> p.getFileName().toString().startsWith("gen-")), sweep.out());
        }
        assertTrue(Files.exists(finished.resolve(CheckpointDir.STATE)), "the state stays");
        assertTrue(Files.exists(finished.resolve(CheckpointDir.EVENTS)), "the events stay");
        assertTrue(Files.exists(running.resolve("criu/gen-000001/pages-1.img")), "the running job's images stay");
        assertTrue(Files.exists(elsewhere.resolve("criu/gen-000001/pages-1.img")), "what the link names stays");
        assertTrue(sweep.out().contains("\"freed_bytes\""), sweep.out());
    }
}
