package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lsf.env.CheckpointDir;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The image's programs inside a chroot of the oldest Debian userland the package registry serves
 * (built by tests/run-all with debootstrap): doctor, status, the TERMINATE decision and POST_EXEC
 * must run on its older glibc, not only pass the build's symbol check. The glibc version is in the
 * test's name.
 */
class OldUserlandIT {
    static final Path ROOT = Path.of(System.getProperty("old.userland", "/var/cache/lsf-criu-tests/bullseye"));

    @TestFactory
    Stream<DynamicTest> theImagesProgramsRunOnAnOldGlibc() throws Exception {
        assertTrue(
                Files.exists(ROOT.resolve(".complete")), ROOT + " missing: tests/run-all builds it with debootstrap");
        String glibc = inChroot(Map.of(), 30, "/usr/bin/getconf", "GNU_LIBC_VERSION")
                .out()
                .strip();
        System.out.println("OldUserlandIT: running the image's programs on Debian bullseye (" + glibc + ")");
        return Stream.of(DynamicTest.dynamicTest(
                "doctor, status, TERMINATE and POST_EXEC on Debian bullseye (" + glibc + ")", this::programsRun));
    }

    void programsRun() throws Exception {
        Path image = ROOT.resolve("opt/lsf-criu");
        Run.of(Path.of("/"), Run.bareEnvironment(), 60, List.of("/bin/rm", "-rf", image.toString()));
        Files.createDirectories(image.getParent());
        Run cp = Run.of(
                Path.of("/"),
                Run.bareEnvironment(),
                120,
                List.of("/bin/cp", "-a", RuntimeImageIT.IMAGE.toRealPath().toString(), image.toString()));
        assertEquals(0, cp.exit(), cp.err());
        Path proc = ROOT.resolve("proc");
        Run mount = Run.of(
                Path.of("/"), Run.bareEnvironment(), 30, List.of("/bin/mount", "-t", "proc", "proc", proc.toString()));
        assertEquals(0, mount.exit(), "the launcher needs /proc in the chroot: " + mount.err());
        try {
            Run version = inChroot(Map.of(), 60, "/opt/lsf-criu/bin/lsf-criu", "--version");
            assertEquals(0, version.exit(), version.out() + version.err());

            Run doctor = inChroot(Map.of(), 60, "/opt/lsf-criu/bin/lsf-criu", "doctor", "--quick");
            assertTrue(doctor.out().contains("PASS  configuration"), doctor.out() + doctor.err());
            assertTrue(doctor.out().contains("SKIP  trial dump and restore"), doctor.out());

            Path chk = Files.createDirectories(ROOT.resolve("tmp/lsf-criu-old/chk/5"));
            Files.createDirectories(ROOT.resolve("tmp/lsf-criu-old/out"));
            Files.writeString(
                    chk.resolve(CheckpointDir.STATE),
                    "{\"version\": \"V2\", \"job_id\": 5, \"timestamp\": 1,"
                            + " \"chkpnt_state\": 1, \"overrun_restarts\": 0, \"should_restart\": false, \"summary_info\":"
                            + " [{\"id\": 5, \"start_time\": 1, \"runtime\": 0}]}\n");
            // the job's places belong to its user (nobody: the one account the chroot has), as LSF makes them
            Run chown = Run.of(
                    Path.of("/"),
                    Run.bareEnvironment(),
                    30,
                    List.of(
                            "/bin/chown",
                            "-R",
                            "65534:65534",
                            ROOT.resolve("tmp/lsf-criu-old").toString()));
            assertEquals(0, chown.exit(), chown.err());
            Run status = inChroot(Map.of(), 60, "/opt/lsf-criu/bin/lsf-criu", "status", "/tmp/lsf-criu-old/chk/5");
            assertEquals(0, status.exit(), status.out() + status.err());
            assertTrue(status.out().contains("Current job:          5"), status.out());

            // the TERMINATE action's Java decision (opted in, at the run limit, but an array element): kill normally
            Process job = new ProcessBuilder(
                            "/usr/sbin/chroot",
                            ROOT.toString(),
                            "/usr/bin/setpriv",
                            "--reuid=65534",
                            "--regid=65534",
                            "--clear-groups",
                            "/usr/bin/setsid",
                            "/bin/sleep",
                            "60")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long pgid = job.pid();
            Map<String, String> action = Map.of(
                    "LSB_JOBID",
                    "5",
                    "LSB_JOBINDEX",
                    "3",
                    "LSB_CHKPNT_DIR",
                    "/tmp/lsf-criu-old/chk/5",
                    "LSB_JOBPGIDS",
                    pgid + " ",
                    "LSB_JOBPIDS",
                    pgid + " ",
                    "LSB_SUSP_REASONS",
                    "131072",
                    "LSB_SUSP_SUBREASONS",
                    "1",
                    "ENABLE_ORUN_CHKPNT",
                    "Y",
                    "ENABLE_ORUN_RESTART",
                    "Y");
            Thread.sleep(300); // setsid has made the sleep its own group's leader
            Run terminate = inChroot(action, 60, AS_NOBODY, "/opt/lsf-criu/bin/lsf-criu-terminate");
            assertEquals(0, terminate.exit(), terminate.out() + terminate.err());
            assertTrue(job.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "the job was not killed");
            String log = Files.readString(chk.resolve(CheckpointDir.LOG));
            assertTrue(log.contains("decision KILL_NORMALLY: job array element"), log);

            Map<String, String> post = Map.of(
                    "LSB_JOBID",
                    "5",
                    "LSB_CHKPNT_DIR",
                    "/tmp/lsf-criu-old/chk/5",
                    "LSB_OUTPUTFILE",
                    "/tmp/lsf-criu-old/out/job.out",
                    "LSB_JOBEXIT_STAT",
                    "0");
            Run postExec = inChroot(post, 60, "/opt/lsf-criu/bin/lsf-criu-post-exec"); // as root: becomes nobody
            assertEquals(0, postExec.exit(), postExec.out() + postExec.err());
            Path summary = ROOT.resolve("tmp/lsf-criu-old/out/" + CheckpointDir.summaryName(5, "txt"));
            assertTrue(Files.exists(summary), Files.readString(chk.resolve(CheckpointDir.LOG)));
            assertEquals(65534, (Integer) Files.getAttribute(summary, "unix:uid"), "POST_EXEC wrote as the job's user");
        } finally {
            Run.of(Path.of("/"), Run.bareEnvironment(), 30, List.of("/bin/umount", "-l", proc.toString()));
            Run.of(
                    Path.of("/"),
                    Run.bareEnvironment(),
                    60,
                    List.of(
                            "/bin/rm",
                            "-rf",
                            image.toString(),
                            ROOT.resolve("tmp/lsf-criu-old").toString()));
        }
    }

    static final List<String> AS_NOBODY =
            List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");

    static Run inChroot(Map<String, String> extra, long seconds, String... command) {
        return inChroot(extra, seconds, List.of(), command);
    }

    static Run inChroot(Map<String, String> extra, long seconds, List<String> as, String... command) {
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.putAll(extra);
        List<String> argv = new ArrayList<>(List.of("/usr/sbin/chroot", ROOT.toString()));
        argv.addAll(as);
        argv.addAll(List.of(command));
        return Run.of(Path.of("/"), env, seconds, argv);
    }
}
