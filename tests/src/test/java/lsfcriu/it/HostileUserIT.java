package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import lsf.emulator.Emulator;
import lsf.emulator.JobSpec;
import lsf.emulator.SimulationImage;
import lsf.emulator.Timeline;
import lsf.env.CheckpointDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes an independent review found to root or to another user, each replayed by the hostile
 * ordinary user {@code lsfcriu} (with {@code lsfcriu-victim} as the other user) against the built
 * image's programs, through paths that user controls while root or the victim works in them. Each
 * test fails on the build the review attacked. (The doctor's clean-up race is
 * {@code UserFilesTest}; forged gids, groups and inheritable capabilities in core images,
 * {@code CoreCredentialsTest}.)
 */
class HostileUserIT {
    static final String EVIL = Sim.USER;
    static final String VICTIM = "lsfcriu-victim";

    @TempDir
    Path tmp;

    /** Runs {@code command} as {@code user} in {@code dir} with exactly {@code env}, for at most a minute. */
    static Run runAs(String user, Path dir, Map<String, String> env, String... command) {
        List<String> argv = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", user, "--"));
        argv.addAll(List.of(command));
        return Run.of(dir, env, 60, argv);
    }

    static Run as(String user, Path dir, String script) {
        return runAs(user, dir, Run.bareEnvironment(), "/bin/sh", "-c", script);
    }

    static void chown(Path p, String user) throws Exception {
        Files.setOwner(p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
    }

    static String state(long jobId) {
        return "{\"version\": \"V2\", \"job_id\": " + jobId + ", \"timestamp\": 1, \"chkpnt_state\": 8,"
                + " \"overrun_restarts\": 0, \"should_restart\": false, \"summary_info\": [{\"id\": " + jobId
                + ", \"start_time\": 1, \"runtime\": 0}]}\n";
    }

    /** POST_EXEC run as root for one of evil's jobs whose checkpoint directory is {@code chk}. */
    Run postExecAsRoot(Path chk, long jobId, Path output) {
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.putAll(Map.of(
                "LSB_JOBID",
                Long.toString(jobId),
                "LSB_CHKPNT_DIR",
                chk.toString(),
                "LSB_OUTPUTFILE",
                output.toString(),
                "LSB_JOBEXIT_STAT",
                "0",
                "LSFUSERNAME",
                EVIL,
                "ENABLE_ORUN_CHKPNT",
                "Y",
                "ENABLE_ORUN_RESTART",
                "Y"));
        return Run.of(
                Path.of("/tmp"),
                env,
                60,
                List.of(RuntimeImageIT.program("lsf-criu-post-exec").toString()));
    }

    Path evilsCheckpointRoot() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = Files.createDirectory(tmp.resolve("evil-chk"));
        chown(root, EVIL);
        return root;
    }

    /** Route 1: the job's directory is a link to a root-owned directory anyone can write (/var/tmp). */
    @Test
    void rootPostExecRefusesACheckpointDirectoryLinkedToARootDirectory() throws Exception {
        Path root = evilsCheckpointRoot();
        Path shared = Files.createDirectory(tmp.resolve("var-tmp"));
        assertEquals(
                0,
                new ProcessBuilder("chmod", "1777", shared.toString()).start().waitFor());
        Path etc = Files.createDirectory(tmp.resolve("etc")); // a directory only root may write
        assertEquals(
                0,
                as(
                                EVIL,
                                tmp,
                                "ln -s " + shared + " " + root + "/7 && printf '%s' '" + state(7) + "' > " + shared
                                        + "/" + CheckpointDir.STATE)
                        .exit());
        Run run = postExecAsRoot(root.resolve("7"), 7, etc.resolve("job.out"));
        assertEquals(4, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("is a symbolic link or no directory: refusing to act as root"), run.err());
        try (Stream<Path> written = Stream.concat(Files.list(etc), Files.list(shared))) {
            assertEquals(
                    List.of(shared.resolve(CheckpointDir.STATE)),
                    written.toList(),
                    "nothing written as root into /etc or /var/tmp");
        }
    }

    /** Route 2: the same link aimed at the victim's checkpoint directory makes POST_EXEC nobody at all. */
    @Test
    void rootPostExecNeverBecomesTheUserALinkPointsTo() throws Exception {
        Path root = evilsCheckpointRoot();
        Path victims = Files.createDirectories(tmp.resolve("victim-chk/55"));
        chown(victims.getParent(), VICTIM);
        chown(victims, VICTIM);
        Files.setPosixFilePermissions(victims, PosixFilePermissions.fromString("rwx------"));
        Path state = Files.writeString(victims.resolve(CheckpointDir.STATE), state(55));
        chown(state, VICTIM);
        assertEquals(0, as(EVIL, tmp, "ln -s " + victims + " " + root + "/7").exit());
        Run run = postExecAsRoot(root.resolve("7"), 7, tmp.resolve("job.out"));
        assertEquals(4, run.exit(), run.out() + run.err());
        assertEquals(state(55), Files.readString(state), "the victim's state is untouched");
        try (Stream<Path> files = Files.list(victims)) {
            assertEquals(1, files.count(), "nothing written into the victim's directory");
        }
        // a real directory of evil's, named for evil's job, is still served (as evil)
        Path own = Files.createDirectory(root.resolve("8"));
        chown(own, EVIL);
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwx------"));
        chown(Files.writeString(own.resolve(CheckpointDir.STATE), state(8)), EVIL);
        Path out = Files.createDirectory(tmp.resolve("evil-out"));
        chown(out, EVIL);
        Run served = postExecAsRoot(own, 8, out.resolve("job.out"));
        assertEquals(0, served.exit(), served.out() + served.err());
        assertEquals(
                EVIL,
                Files.getOwner(out.resolve(CheckpointDir.summaryName(8, "txt"))).getName());
        // and LSF's own word for the job's user must agree with the directory's owner
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.putAll(Map.of("LSB_JOBID", "8", "LSB_CHKPNT_DIR", own.toString(), "LSFUSERNAME", VICTIM));
        Run named = Run.of(
                Path.of("/tmp"),
                env,
                60,
                List.of(RuntimeImageIT.program("lsf-criu-post-exec").toString()));
        assertEquals(4, named.exit(), named.err());
        assertTrue(named.err().contains("not to the job's user " + VICTIM), named.err());
    }

    /**
     * Route 3: {@code simulate --user} as root, with links the user planted where root used to write,
     * chmod and chown: the job's checkpoint directory and the spool's job file both point at root's.
     */
    @Test
    void theEmulatorAsRootActsInTheUsersPlacesOnlyAsTheUser() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path rootDir = Files.createDirectory(tmp.resolve("root-dir"));
        Path rootFile = Files.writeString(rootDir.resolve("precious"), "root's own\n");
        Path lsfBin = Emulator.install(tmp.resolve("lsf"));
        Path image = SimulationImage.create(RuntimeImageIT.IMAGE, tmp.resolve("image"), lsfBin, Map.of());
        Path chk = Files.createDirectory(tmp.resolve("chk"));
        chown(chk, EVIL);
        Emulator emulator = new Emulator(
                new Emulator.Settings(image, tmp.resolve("lsf"), Emulator.ActionMode.IBM, 10, Optional.of(EVIL), ""),
                new Timeline(e -> System.out.println(e.line())));
        Path jobs = tmp.resolve("lsf/spool/jobs");
        assertEquals(
                0,
                as(
                                EVIL,
                                tmp,
                                "ln -s " + rootDir + " " + chk + "/101 && ln -s " + rootFile + " " + jobs
                                        + "/101.checkpointable")
                        .exit());
        JobSpec spec = new JobSpec(
                "exit 3", Map.of("PATH", "/usr/bin:/bin"), Optional.of(chk), Optional.empty(), tmp, 60, 0, false);
        try {
            emulator.run(spec, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            System.out.println("the simulation stopped: " + e); // a planted link may stop it: what matters is below
        } finally {
            emulator.killAll();
        }
        assertEquals("root's own\n", Files.readString(rootFile), "root's file was written through the user's link");
        assertEquals("root", Files.getOwner(rootDir).getName(), "root's directory was given to the user");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(rootDir)));
        assertEquals("root", Files.getOwner(rootFile).getName());
    }

    /**
     * Route 4: doctor's trial as root read back the restored pid from the user's directory and killed
     * that process group as root. The user rewrites the file with the victim's group as soon as criu
     * writes it; the victim's process lives, whoever wins the race.
     */
    @Test
    void doctorsTrialSignalsOnlyTheProcessItDumped() throws Exception {
        Files.setPosixFilePermissions(
                tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // the attacker reads its script
        String gid = as(VICTIM, tmp, "id -g").out().strip();
        Process victim = new ProcessBuilder(
                        "/usr/bin/setpriv",
                        "--reuid=" + VICTIM,
                        "--regid=" + gid,
                        "--init-groups",
                        "--",
                        "/usr/bin/setsid",
                        "/bin/sleep",
                        "300")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Path swapper = tmp.resolve("swap.py");
        // polls without forking, so it rewrites the file well within the JVM's time to notice criu's exit
        Files.writeString(
                swapper,
                "import glob, os, time\nvictim = b'" + victim.pid() + "\\n'\nend = time.time() + 60\n"
                        + "while time.time() < end:\n"
                        + "    for d in glob.glob('/tmp/lsf-criu-doctor-*/'):\n"
                        + "        f = d + 'restored.pid'\n"
                        + "        try:\n"
                        + "            with open(f, 'rb') as r:\n"
                        + "                if r.read() == victim:\n"
                        + "                    continue\n"
                        + "            with open(f + '.x', 'wb') as w:\n"
                        + "                w.write(victim)\n"
                        + "            os.rename(f + '.x', f)\n"
                        + "            print('swapped', f, flush=True)\n"
                        + "        except OSError:\n"
                        + "            pass\n");
        Files.setPosixFilePermissions(swapper, PosixFilePermissions.fromString("rw-r--r--"));
        Process attack = new ProcessBuilder(
                        "/usr/sbin/runuser", "-u", EVIL, "--", "/usr/bin/python3", swapper.toString())
                .redirectErrorStream(true)
                .start();
        try {
            Run doctor = Run.of(
                    tmp,
                    Run.bareEnvironment(),
                    120,
                    List.of(RuntimeImageIT.program("lsf-criu").toString(), "doctor", "--as-user", EVIL));
            System.out.println(doctor.out() + doctor.err());
            Thread.sleep(500);
            assertTrue(victim.isAlive(), "doctor killed the victim's process group: " + doctor.out());
            assertTrue(doctor.out().contains("nothing else was signalled"), "the swap did not happen: " + doctor.out());
        } finally {
            attack.destroyForcibly();
            victim.destroyForcibly();
            new ProcessBuilder("/usr/bin/pkill", "-KILL", "-u", EVIL, "-f", swapper.toString())
                    .start()
                    .waitFor();
        }
    }

    /**
     * Route 6: a job that rewrites its own state every 0.2 s as "checkpoint started now, by this
     * job" (and, from 8 s on, as "checkpoint succeeded", which once stood the watchdog down), with a
     * 5 s run limit and a 6 s checkpoint timeout, would have run its 30 s to its end; it dies by its
     * deadline, in both action modes.
     */
    @Test
    void aJobRewritingItsOwnStateIsStillDeadByItsDeadline() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Emulator.ActionMode mode : Emulator.ActionMode.values()) {
            Path dir = Files.createDirectory(tmp.resolve(mode.name()));
            Sim sim = new Sim(dir);
            sim.user = Optional.of(EVIL);
            sim.mode = mode;
            sim.env.put("ORUN_TIMEOUT_SECONDS", "6");
            Path job = dir.resolve("forger.sh");
            Files.writeString(
                    job,
                    "#!/bin/sh\ni=0\nwhile [ $i -lt 150 ]; do\n  s=2; [ $i -ge 40 ] && s=8\n"
                            + "  printf '{\"version\": \"V2\", \"job_id\": %s, \"timestamp\": %s, \"chkpnt_state\": %s,"
                            + " \"overrun_restarts\": 0, \"should_restart\": true, \"summary_info\": [{\"id\": %s,"
                            + " \"start_time\": 1, \"runtime\": 0}]}\\n' \"$LSB_JOBID\" \"$(date +%s)\" \"$s\" \"$LSB_JOBID\""
                            + " > \"$LSB_CHKPNT_DIR/.forged\" && mv -f \"$LSB_CHKPNT_DIR/.forged\""
                            + " \"$LSB_CHKPNT_DIR/" + CheckpointDir.STATE + "\"\n"
                            + "  sleep 0.2; i=$((i + 1))\ndone\nexit 0\n");
            Files.setPosixFilePermissions(job, PosixFilePermissions.fromString("rwxr-xr-x"));
            Emulator.Result r = sim.run(5, Duration.ofSeconds(90), job.toString());
            long limit = at(r, "run limit");
            long end = at(r, "job exit");
            assertNotEquals(0, r.exitCode(), mode + ": the job ran to its own end");
            // timeout 6 s + two terminate intervals of 2 s + the watchdog's checks and this machine's slack
            assertTrue(
                    end - limit < 6_000 + 4_000 + 3_000,
                    mode + ": the job outlived its deadline by " + (end - limit - 10_000) + " ms");
        }
    }

    private static long at(Emulator.Result r, String what) {
        return r.timeline().events().stream()
                .filter(e -> e.what().equals(what))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + what + " event"))
                .millis();
    }

    /**
     * Route 7: the victim's erestart.criu run on a checkpoint directory of evil's (open to all) acts
     * on nothing there: no log line, no file put back, no restart command.
     */
    @Test
    void erestartActsOnlyOnTheRestoringUsersOwnCheckpoint() throws Exception {
        Path root = evilsCheckpointRoot();
        Path chk = root.resolve("9");
        Path victimHome = Path.of(as(VICTIM, tmp, "getent passwd " + VICTIM + " | cut -d: -f6")
                .out()
                .strip());
        Path bashrc = victimHome.resolve(".bashrc-lsf-criu-it");
        assertEquals(0, as(VICTIM, tmp, "echo victim > " + bashrc).exit());
        assertEquals(
                0,
                as(
                                EVIL,
                                tmp,
                                "mkdir -m 777 " + chk + " && mkdir -p -m 777 " + chk + "/criu/gen-000001 && ln -s"
                                        + " gen-000001 " + chk + "/criu/current && chmod 777 " + root)
                        .exit());
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.putAll(
                Map.of("LSB_JOBID", "10", "LSB_OLD_JOBID", "9", "LSB_CHKPNT_DIR", chk.toString(), "LSB_RESTART", "Y"));
        Run run =
                runAs(VICTIM, tmp, env, RuntimeImageIT.program("erestart.criu").toString(), chk.toString());
        assertEquals(4, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("refusing to act in the checkpoint directory"), run.err());
        try (Stream<Path> all = Files.walk(chk)) {
            for (Path p : all.toList()) {
                assertEquals(
                        EVIL, Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName(), p + " written by the victim");
            }
        }
        assertEquals("victim\n", Files.readString(bashrc));
        Files.delete(bashrc);
    }

    /** Route 8: LSB_JOBPGIDS holding a forged log line reaches the log only as the ids it holds. */
    @Test
    void theTerminateFastPathLogsOnlyTheIdsInLsbJobpgids() throws Exception {
        Path root = evilsCheckpointRoot();
        Path chk = root.resolve("11");
        assertEquals(0, as(EVIL, tmp, "mkdir -m 700 " + chk).exit());
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.putAll(Map.of(
                "LSB_JOBID", "11",
                "LSB_CHKPNT_DIR", chk.toString(),
                "LSB_JOBPGIDS", "999999\n2026-12-06T00:00:00.000Z INFO [1] lsf-criu-terminate job 12: forged",
                "LSB_SUSP_REASONS", "2",
                "LSB_SUSP_SUBREASONS", "0"));
        Run run = runAs(
                EVIL, tmp, env, RuntimeImageIT.program("lsf-criu-terminate").toString());
        assertEquals(0, run.exit(), run.err());
        String log = Files.readString(chk.resolve(CheckpointDir.LOG));
        assertTrue(log.contains("killed process groups [999999]"), log);
        assertFalse(log.contains("forged"), log);
    }

    /** Route 8: {@code lsf-criu status} as root on a directory whose manifest the user linked elsewhere. */
    @Test
    void statusAsRootNeverFollowsTheUsersLinks() throws Exception {
        Path root = evilsCheckpointRoot();
        Path secret = Files.writeString(tmp.resolve("shadow"), "s3cr3t-token rest of a root-only file\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path chk = root.resolve("12");
        assertEquals(
                0,
                as(
                                EVIL,
                                tmp,
                                "mkdir -m 700 " + chk + " && mkdir -p " + chk + "/criu/gen-000001 " + chk
                                        + "/criu/gen-000002 && ln -s /dev/zero " + chk
                                        + "/criu/gen-000002/manifest.json && ln -s "
                                        + secret + " " + chk + "/criu/gen-000001/manifest.json && ln -s gen-000002 "
                                        + chk
                                        + "/criu/current && printf '%s' '" + state(12) + "' > " + chk
                                        + "/" + CheckpointDir.STATE)
                        .exit());
        Run status = Run.of(
                tmp,
                Run.bareEnvironment(),
                30,
                List.of(RuntimeImageIT.program("lsf-criu").toString(), "status", chk.toString()));
        assertFalse((status.out() + status.err()).contains("s3cr3t"), status.out() + status.err());
        assertTrue(status.out().contains("not a regular file"), status.out() + status.err());
    }

    /**
     * Route 8: a criu whose restorer fails part-way (it exits 1) after the restored root, criu's
     * sibling, exited 0: the restart command reports 1, not the root's 0 ("Done successfully").
     */
    @Test
    void theRestartCommandFailsWhenCriusRestoreFailedPartWay() throws Exception {
        Path root = evilsCheckpointRoot();
        Path chk = root.resolve("13");
        Path fake = tmp.resolve("criu-fails-part-way.py");
        Files.writeString(
                fake,
                "#!/usr/bin/python3\nimport ctypes, sys\nargs = sys.argv[1:]\npidfile = args[args.index('--pidfile') + 1]\n"
                        + "libc = ctypes.CDLL(None, use_errno=True)\n"
                        + "pid = libc.syscall(56, 0x00008000 | 17, 0, 0, 0, 0)  # clone(CLONE_PARENT | SIGCHLD)\n"
                        + "if pid == 0:\n    libc._exit(0)\n"
                        + "open(pidfile, 'w').write(str(pid) + '\\n')\nsys.stderr.write('Error (criu/cr-restore.c): Restoring FAILED.\\n')\nsys.exit(1)\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(0, as(EVIL, tmp, "mkdir -m 700 " + chk).exit());
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.put("LSB_JOBID", "14");
        Run run = runAs(
                EVIL,
                tmp,
                env,
                RuntimeImageIT.program("lsf-criu-restart").toString(),
                chk.toString(),
                "20",
                fake.toString(),
                "restore",
                "-d",
                "--restore-sibling",
                "--pidfile",
                chk.resolve(CheckpointDir.RESTORED_PID).toString());
        String log = Files.readString(chk.resolve(CheckpointDir.LOG));
        assertEquals(1, run.exit(), log);
        assertTrue(log.contains("criu restore failed (wait status 256)"), log);
    }
}
