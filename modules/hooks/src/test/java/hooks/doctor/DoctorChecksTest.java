package hooks.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hooks.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lsf.env.config.SiteConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each doctor check, passing and failing, on fake files and directories. */
class DoctorChecksTest {
    @TempDir
    Path tmp;

    @Test
    void ptraceScope() {
        assertEquals(
                Check.Level.PASS, KernelChecks.ptraceScope(Optional.empty()).level());
        assertEquals(
                Check.Level.PASS, KernelChecks.ptraceScope(Optional.of("1\n")).level());
        assertEquals(
                Check.Level.WARN, KernelChecks.ptraceScope(Optional.of("2\n")).level());
        assertEquals(
                Check.Level.FAIL, KernelChecks.ptraceScope(Optional.of("3\n")).level());
    }

    @Test
    void startupArchive() {
        Path image = Path.of("/opt/lsf-criu");
        Check used = InstallChecks.startupArchive("mixed mode, emulated-client, sharing", image);
        assertEquals(Check.Level.PASS, used.level());
        Check unused = InstallChecks.startupArchive("mixed mode, emulated-client", image);
        assertEquals(Check.Level.WARN, unused.level());
        assertTrue(unused.advice().contains("/opt/lsf-criu/bin/java -Xshare:on -Xlog:cds"), unused.advice());
        assertEquals(Check.Level.WARN, InstallChecks.startupArchive(null, image).level());
    }

    @Test
    void cgroupsAndPidMax() {
        Check v2 = KernelChecks.cgroups(true, Optional.of("0::/lsf/job.10\n"));
        assertEquals(Check.Level.PASS, v2.level());
        assertTrue(v2.found().startsWith("v2 (unified), this process in /lsf/job.10"), v2.found());
        assertTrue(KernelChecks.cgroups(false, Optional.of("4:memory:/lsf/job.7\n1:cpu:/\n"))
                .found()
                .startsWith("v1"));
        assertEquals(
                Check.Level.WARN, KernelChecks.pidMax(Optional.of("32768\n")).level());
        assertEquals(
                Check.Level.PASS, KernelChecks.pidMax(Optional.of("4194304\n")).level());
        assertEquals(Check.Level.WARN, KernelChecks.pidMax(Optional.empty()).level());
    }

    @Test
    void configuration() throws IOException {
        Path conf = tmp.resolve("lsf-criu.conf");
        Files.writeString(conf, "RESTART_LIMIT_MAX=3\n");
        assertEquals(Check.Level.PASS, InstallChecks.configuration(conf).level());
        Files.writeString(conf, "RESTART_LIMIT_DEFAULT=5\nRESTART_LIMIT_MAX=3\n");
        Check bad = InstallChecks.configuration(conf);
        assertEquals(Check.Level.FAIL, bad.level());
        assertTrue(bad.found().endsWith("RESTART_LIMIT_DEFAULT=5 is above RESTART_LIMIT_MAX=3"), bad.found());
        Files.writeString(conf, "CRIU_BINARYY=/x\n");
        assertTrue(InstallChecks.configuration(conf).found().contains("unknown key CRIU_BINARYY"));
    }

    Path image() throws IOException {
        Path image = tmp.resolve("image");
        for (String d : List.of("bin", "conf", "lib/server")) {
            Files.createDirectories(image.resolve(d));
        }
        for (String f : List.of(
                "bin/lsf-criu",
                "conf/lsf-criu.conf",
                "conf/tinylog.properties",
                "lib/modules",
                "lib/server/classes.jsa")) {
            Files.writeString(image.resolve(f), "x");
        }
        return image;
    }

    @Test
    void imagePermissions() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")));
        Path image = image();
        assertEquals(Check.Level.PASS, InstallChecks.notWritableByUsers(image).level());
        Files.setPosixFilePermissions(
                image.resolve("conf/lsf-criu.conf"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Check bad = InstallChecks.notWritableByUsers(image);
        assertEquals(Check.Level.FAIL, bad.level());
        assertTrue(bad.found().contains("lsf-criu.conf is writable by group or others"), bad.found());
    }

    @Test
    void lsfCommands() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("lsf/bin"));
        for (String c : List.of("bchkpnt", "bjobs")) {
            Path p = Files.writeString(bin.resolve(c), "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        SiteConfig config = SiteConfig.of("conf", Map.of("LSF_BINDIR", bin.toString()));
        Check missing = InstallChecks.lsfCommands(config);
        assertEquals(Check.Level.FAIL, missing.level());
        assertEquals(bin + " lacks brestart", missing.found());
        Path p = Files.writeString(bin.resolve("brestart"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(Check.Level.PASS, InstallChecks.lsfCommands(config).level());
        Path profile = Files.writeString(tmp.resolve("profile.lsf"), "LSF_BINDIR=" + bin + "\n");
        assertEquals(
                Check.Level.PASS,
                InstallChecks.lsfCommands(SiteConfig.of("c", Map.of("LSF_PROFILE", profile.toString())))
                        .level());
        assertEquals(
                Check.Level.FAIL,
                InstallChecks.lsfCommands(SiteConfig.defaults()).level());
    }

    @Test
    void checkpointDirectory() throws IOException {
        List<Check> ok = CheckpointDirCheck.run(tmp);
        assertEquals(
                List.of("checkpoint dir owner", "checkpoint dir space", "checkpoint dir filesystem"),
                ok.stream().map(Check::name).toList());
        assertEquals(Check.Level.PASS, ok.get(0).level());
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(Check.Level.WARN, CheckpointDirCheck.run(tmp).get(0).level(), "world-writable without sticky bit");
        assertEquals(
                Check.Level.FAIL,
                CheckpointDirCheck.run(tmp.resolve("none")).get(0).level());
        if (Files.isDirectory(Path.of("/dev/shm"))) {
            Check shm = CheckpointDirCheck.run(Path.of("/dev/shm")).get(2);
            assertEquals(new Check("checkpoint dir filesystem", Check.Level.WARN, "tmpfs", shm.advice()), shm);
        }
    }

    @Test
    void verdict() {
        assertEquals(ExitCode.OK, DoctorCommand.verdict(List.of(Check.pass("a", "x"))));
        assertEquals(
                ExitCode.CHECKS_WARNED,
                DoctorCommand.verdict(List.of(Check.pass("a", "x"), Check.warn("b", "y", "z"))));
        assertEquals(
                ExitCode.CHECKS_FAILED,
                DoctorCommand.verdict(List.of(Check.warn("b", "y", "z"), Check.fail("c", "y", "z"))));
        // distinct from every other code: a usage error (2) or a failed run (1) is never read as a verdict
        assertEquals(5, ExitCode.CHECKS_WARNED.code());
        assertEquals(6, ExitCode.CHECKS_FAILED.code());
    }

    /** The fallback that takes a job's lines when its directory cannot: a host without /dev/log loses them. */
    @Test
    void logFallback() throws Exception {
        Path devLog = tmp.resolve("log");
        assertEquals(Check.Level.WARN, LogFallbackCheck.of("syslog", devLog).level());
        java.nio.file.Files.createFile(devLog);
        assertEquals(Check.Level.PASS, LogFallbackCheck.of("syslog", devLog).level());
        assertEquals(Check.Level.WARN, LogFallbackCheck.of("none", devLog).level());
        Path file = tmp.resolve("fallback.log");
        assertEquals(
                Check.Level.WARN, LogFallbackCheck.of(file.toString(), devLog).level(), "absent");
        java.nio.file.Files.createFile(file);
        java.nio.file.Files.setPosixFilePermissions(
                file, java.nio.file.attribute.PosixFilePermissions.fromString("rw--w--w-"));
        assertEquals(
                Check.Level.PASS, LogFallbackCheck.of(file.toString(), devLog).level());
        java.nio.file.Files.setPosixFilePermissions(
                file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(
                Check.Level.WARN, LogFallbackCheck.of(file.toString(), devLog).level(), "not writable by users");
    }
}
