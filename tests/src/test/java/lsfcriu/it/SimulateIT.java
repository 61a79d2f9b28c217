package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lsf-criu simulate} from the image, as an administrator runs it. */
class SimulateIT {
    @TempDir
    Path tmp;

    @Test
    void exitsWithTheJobsExitStatus() {
        Run run = Run.of(
                tmp,
                Run.bareEnvironment(),
                120,
                List.of(
                        RuntimeImageIT.program("lsf-criu").toString(),
                        "simulate",
                        "--work-dir",
                        tmp.resolve("w").toString(),
                        "--",
                        "sh",
                        "-c",
                        "exit 7"));
        assertEquals(7, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("job 101 exited 7"), run.out());
        assertTrue(run.out().contains("Timeline:"), run.out());
    }

    /** {@code --user}: the job and every program run as that user, through directories it owns; the cycle completes. */
    @Test
    void asAnotherUserTheCycleRunsInThatUsersOwnDirectories() throws Exception {
        java.nio.file.Files.setPosixFilePermissions(
                tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path work = tmp.resolve("w");
        Run run = Run.of(
                tmp,
                java.util.Map.of("PATH", "/usr/bin:/bin", "HOME", "/tmp", "STEP", "0.2"),
                180,
                List.of(
                        RuntimeImageIT.program("lsf-criu").toString(),
                        "simulate",
                        "--user",
                        Sim.USER,
                        "--run-limit",
                        "4",
                        "--restart-limit",
                        "1",
                        "--work-dir",
                        work.toString(),
                        "--",
                        RuntimeImageIT.IMAGE.resolve("examples/counter.sh").toString(),
                        "30"));
        assertEquals(7, run.exit(), "the example job's own exit status: " + run.out() + run.err());
        assertTrue(run.out().contains("restart 1 of 1: job 102 resumed"), run.out());
        for (Path p : List.of(work.resolve("chk"), work.resolve("out"), work.resolve("out/job.out"))) {
            assertEquals(Sim.USER, java.nio.file.Files.getOwner(p).getName(), p.toString());
        }
        Path spool = work.resolve("lsf/spool/req");
        assertEquals(
                Sim.USER, java.nio.file.Files.getOwner(spool).getName(), "the spool is the job user's in --user mode");
        assertEquals(
                "rwx------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(spool)));
        assertEquals(
                "root",
                java.nio.file.Files.getOwner(work.resolve("image/conf/lsf-criu.conf"))
                        .getName(),
                "the image the programs run from stays root's");
    }

    /** Stopping simulate (SIGTERM, as an administrator's kill or a CI timeout would) ends its job too. */
    @Test
    void aStoppedSimulationLeavesNoJobBehind() throws Exception {
        Path pidFile = tmp.resolve("job.pid");
        Process sim = new ProcessBuilder(
                        RuntimeImageIT.program("lsf-criu").toString(),
                        "simulate",
                        "--run-limit",
                        "300",
                        "--work-dir",
                        tmp.resolve("w").toString(),
                        "--",
                        "sh",
                        "-c",
                        "echo $$ > " + pidFile + "; exec sleep 300")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
        long jobPid = 0;
        for (int i = 0; i < 300 && jobPid == 0; i++) {
            Thread.sleep(50);
            if (java.nio.file.Files.exists(pidFile)
                    && !java.nio.file.Files.readString(pidFile).isBlank()) {
                jobPid = Long.parseLong(java.nio.file.Files.readString(pidFile).strip());
            }
        }
        assertTrue(jobPid > 0, "the simulated job did not start");
        sim.destroy(); // SIGTERM
        assertTrue(sim.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "simulate did not stop");
        for (int i = 0; i < 100 && running(jobPid); i++) {
            Thread.sleep(50);
        }
        assertTrue(!running(jobPid), "the job outlived simulate");
    }

    /** Alive and not a zombie (PID 1 reaps slowly here). */
    static boolean running(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void badArgumentsAreOneLineAndExitTwo() {
        Run run = Run.of(
                tmp,
                Run.bareEnvironment(),
                60,
                List.of(RuntimeImageIT.program("lsf-criu").toString(), "simulate", "--mode", "slurm", "--", "true"));
        assertEquals(2, run.exit());
        assertEquals(
                "lsf-criu: --mode must be ibm or openlava, not slurm (see lsf-criu --help)",
                run.err().strip());
    }
}
