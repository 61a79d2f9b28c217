package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import lsf.emulator.Emulator;
import lsf.emulator.SimulationImage;
import lsf.env.CheckpointDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks by a hostile local user on an install that follows the README, each shown failing with
 * the real criu and the least-privilege capabilities; each test fails if its protection is removed.
 * (Edited images that claim capabilities or another user: {@code RestoreVerificationTest}; dumping
 * another user's process: {@code ForeignDumpTest}, both in criu.invoke.)
 */
class SecurityIT {
    @TempDir
    Path tmp;

    /**
     * A job that names a criu configuration (CRIU_CONFIG_FILE, and $HOME/.criu/default.conf) whose
     * {@code lib} line loads a plugin: the plugin's constructor would leave a marker. The toolkit's
     * criu reads neither, and the job is still checkpointed and restarted.
     */
    @Test
    void aJobsCriuConfigurationAndPluginNeverReachTheToolkitsCriu() throws Exception {
        Sim sim = new Sim(tmp);
        sim.user = Optional.of(Sim.USER);
        sim.env.put("ORUN_RESTART_LIMIT", "1");
        Path evil = Files.createDirectories(tmp.resolve("evil"));
        Path plugins = Files.createDirectories(evil.resolve("plugins"));
        Path marker = evil.resolve("plugin-ran");
        Path source = evil.resolve("evil.c");
        Files.writeString(
                source,
                "#include <fcntl.h>\n#include <unistd.h>\n__attribute__((constructor)) static void"
                        + " ran(void) { int fd = open(\"" + marker
                        + "\", O_CREAT | O_WRONLY, 0666); if (fd >= 0) close(fd); }\n");
        Run cc = Run.of(
                evil,
                Run.bareEnvironment(),
                60,
                List.of(
                        "/usr/bin/cc",
                        "-shared",
                        "-fPIC",
                        "-o",
                        plugins.resolve("evil.so").toString(),
                        source.toString()));
        assertEquals(0, cc.exit(), cc.err());
        Path config = evil.resolve("criu.conf");
        Files.writeString(config, "lib " + plugins + "\n");
        Path home = Files.createDirectories(evil.resolve("home/.criu")).getParent();
        Files.writeString(home.resolve(".criu/default.conf"), "lib " + plugins + "\n");
        try (Stream<Path> all = Files.walk(evil)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
            }
        }
        sim.env.put("CRIU_CONFIG_FILE", config.toString());
        sim.env.put("HOME", home.toString());
        // 10 s of work, a 6 s run limit: 4 s for the checkpoint of a loaded machine, 2 s spare in the restart
        Emulator.Result r = sim.run(6, Duration.ofSeconds(90), sim.counter(50, 3));
        assertEquals(List.of(101L, 102L), r.jobIds());
        assertEquals(3, r.exitCode());
        sim.assertContinuous(50);
        assertFalse(Files.exists(marker), "criu loaded the job owner's plugin");
        assertTrue(sim.log(102).contains("--no-default-config"), sim.log(102));
    }

    /** POST_EXEC run as root becomes the checkpoint directory's owner: every file it leaves is the job user's. */
    @Test
    void postExecAsRootWritesOnlyAsTheJobsUser() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path chk = Files.createDirectories(tmp.resolve("chk/7"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        for (Path p : List.of(tmp.resolve("chk"), chk, out)) {
            Files.setOwner(p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(Sim.USER));
        }
        Path state = chk.resolve(CheckpointDir.STATE);
        Files.writeString(
                state,
                "{\"version\": \"V2\", \"job_id\": 7, \"timestamp\": 1, \"chkpnt_state\": 1,"
                        + " \"overrun_restarts\": 0, \"should_restart\": false, \"summary_info\": [{\"id\": 7, \"start_time\": 1,"
                        + " \"runtime\": 0}]}\n");
        Files.setOwner(
                state, state.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(Sim.USER));
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.putAll(Map.of(
                "LSB_JOBID",
                "7",
                "LSB_CHKPNT_DIR",
                chk.toString(),
                "LSB_OUTPUTFILE",
                out.resolve("job.out").toString(),
                "LSB_JOBEXIT_STAT",
                "0",
                "ENABLE_ORUN_CHKPNT",
                "Y",
                "ENABLE_ORUN_RESTART",
                "Y"));
        Run run = Run.of(
                Path.of("/tmp"),
                env,
                60,
                List.of(RuntimeImageIT.program("lsf-criu-post-exec").toString()));
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(Files.exists(out.resolve(CheckpointDir.summaryName(7, "txt"))), "summary written");
        try (Stream<Path> files = Stream.concat(Files.walk(chk), Files.walk(out))) {
            for (Path p : files.toList()) {
                assertEquals(Sim.USER, Files.getOwner(p).getName(), p + " was written as root");
            }
        }
        Path unknown = Files.createDirectories(tmp.resolve("otherchk/7"));
        Files.writeString(unknown.resolve(CheckpointDir.STATE), "{}");
        Files.setAttribute(unknown, "unix:uid", 54321); // an owner with no account: who the job's user is, is unknown
        env.put("LSB_CHKPNT_DIR", unknown.toString());
        Run refused = Run.of(
                Path.of("/tmp"),
                env,
                60,
                List.of(RuntimeImageIT.program("lsf-criu-post-exec").toString()));
        assertEquals(4, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("owner 54321 is no known user: refusing to act as root"), refused.err());
        try (Stream<Path> files = Files.list(unknown)) {
            assertEquals(1, files.count(), "nothing written as root into a checkpoint directory of unknown ownership");
        }
    }

    /** The emulator's spool is private: another user cannot drop a request that root would carry out. */
    @Test
    void theSimulateSpoolTakesNoRequestFromAnotherUser() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path lsfBin = Emulator.install(tmp.resolve("lsf"));
        Path image = SimulationImage.create(RuntimeImageIT.IMAGE, tmp.resolve("image"), lsfBin, Map.of());
        new Emulator(
                new Emulator.Settings(image, tmp.resolve("lsf"), Emulator.ActionMode.IBM, 10, Optional.empty(), ""),
                new lsf.emulator.Timeline(e -> {}));
        Path req = tmp.resolve("lsf/spool/req");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(req)));
        assertEquals("root", Files.getOwner(req).getName());
        Run plant = Run.of(
                tmp,
                Run.bareEnvironment(),
                30,
                List.of(
                        "/usr/sbin/runuser",
                        "-u",
                        Sim.USER,
                        "--",
                        "/bin/sh",
                        "-c",
                        "echo /tmp 1 > " + req.resolve("1-1.brestart")));
        assertNotEquals(0, plant.exit(), "another user wrote into root's spool");
        assertFalse(Files.exists(req.resolve("1-1.brestart")));
    }
}
