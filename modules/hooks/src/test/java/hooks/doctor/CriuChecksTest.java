package hooks.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.process.CriuResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The doctor's verdicts on criu's answers. */
class CriuChecksTest {
    private static final Path PROVISIONED_CRIU =
            Path.of(System.getProperty("criu.binary", "/opt/lsf-criu/criu/bin/criu"));

    static CriuResult out(int status, String stdout, String stderr) {
        return new CriuResult(List.of("criu"), status, stdout, stderr, false, List.of(), Duration.ZERO);
    }

    static final Path CRIU = Path.of("/opt/criu");
    static final long FULL = 0x1ffffffffffL;
    static final long NO_SYS_RESOURCE = 0x1fffeffffffL;

    @Test
    void versions() {
        assertEquals(
                Check.Level.PASS,
                CriuChecks.version(out(0, "Version: 4.1.1\n", "")).level());
        Check old = CriuChecks.version(out(0, "Version: 3.17.1\n", ""));
        assertEquals(Check.Level.WARN, old.level());
        assertTrue(old.advice().contains("Unexpected rt vDSO area bounds"), old.advice());
        assertEquals(
                Check.Level.FAIL, CriuChecks.version(out(1, "", "not criu")).level());
    }

    @Test
    void criuCheck() {
        assertEquals(
                Check.Level.PASS,
                CriuChecks.criuCheck(out(0, "Looks good.\n", "")).level());
        Check bad = CriuChecks.criuCheck(out(1, "", "Error (criu/vdso.c:123): vdso: Unexpected rt vDSO area bounds\n"));
        assertEquals(
                new Check(
                        "criu check",
                        Check.Level.FAIL,
                        "Error (criu/vdso.c:123): vdso: Unexpected rt vDSO area bounds",
                        bad.advice()),
                bad);
    }

    @Test
    void dirtyTracking() {
        assertEquals(
                Check.Level.WARN,
                CriuChecks.dirtyTracking(out(0, "", "Warn: Dirty tracking is OFF."))
                        .level());
        assertEquals(
                Check.Level.PASS,
                CriuChecks.dirtyTracking(out(0, "mem_dirty_track is supported\n", ""))
                        .level());
    }

    static final CriuChecks.Access EVERYONE = CriuChecks.Access.of(0755, "root");
    static final CriuChecks.Access GROUP = CriuChecks.Access.of(0750, "criu-users");

    @Test
    void leastPrivilegeCapabilitiesPassWithTheirReasons() {
        CriuResult least = out(0, "/opt/criu cap_setpcap,cap_checkpoint_restore=ep\n", "");
        Check pass = CriuChecks.capabilities(CRIU, least, false, NO_SYS_RESOURCE, EVERYONE);
        assertEquals(Check.Level.PASS, pass.level(), pass.toString());
        assertTrue(
                pass.found().contains("cap_setpcap because this host's bounding set lacks CAP_SYS_RESOURCE"),
                pass.found());
        Check extra = CriuChecks.capabilities(CRIU, least, false, FULL, EVERYONE);
        assertEquals(Check.Level.WARN, extra.level());
        assertEquals("setcap cap_checkpoint_restore=ep /opt/criu (least privilege)", extra.advice());
        assertEquals(
                Check.Level.PASS,
                CriuChecks.capabilities(
                                CRIU, out(0, "/opt/criu cap_checkpoint_restore=ep\n", ""), false, FULL, EVERYONE)
                        .level());
    }

    @Test
    void rootEquivalentCapabilitiesOnABinaryEveryUserMayRunFail() {
        CriuResult seed = out(0, "/opt/criu cap_setpcap,cap_sys_ptrace,cap_sys_admin,cap_checkpoint_restore=ep\n", "");
        Check fail = CriuChecks.capabilities(CRIU, seed, true, NO_SYS_RESOURCE, EVERYONE);
        assertEquals(Check.Level.FAIL, fail.level());
        assertTrue(
                fail.found().contains("cap_sys_admin,cap_sys_ptrace on a criu that every user may run"), fail.found());
        assertTrue(fail.found().contains("become root"), fail.found());
        assertTrue(fail.advice().startsWith("setcap cap_checkpoint_restore,cap_setpcap=ep /opt/criu"), fail.advice());
        Check group = CriuChecks.capabilities(CRIU, seed, true, NO_SYS_RESOURCE, GROUP);
        assertEquals(Check.Level.WARN, group.level());
        assertTrue(group.found().contains("the members of group criu-users"), group.found());
        Check nobody = CriuChecks.capabilities(CRIU, seed, true, NO_SYS_RESOURCE, CriuChecks.Access.of(0700, "root"));
        assertEquals(Check.Level.WARN, nobody.level(), "root only: not dangerous, but more than needed");
    }

    @Test
    void missingCapabilities() {
        CriuResult two = out(0, "/opt/criu cap_sys_ptrace,cap_sys_admin=ep\n", "");
        Check lacking = CriuChecks.capabilities(CRIU, two, false, NO_SYS_RESOURCE, CriuChecks.Access.of(0700, "root"));
        assertEquals(Check.Level.FAIL, lacking.level());
        assertTrue(
                lacking.advice()
                        .startsWith("setcap cap_checkpoint_restore,cap_setpcap=ep"
                                + " /opt/criu (this host's capability bounding set lacks CAP_SYS_RESOURCE"),
                lacking.advice());
        Check none = CriuChecks.capabilities(CRIU, out(0, "", ""), true, FULL, EVERYONE);
        assertEquals(Check.Level.WARN, none.level());
        assertEquals("none; jobs of ordinary users cannot be checkpointed", none.found());
        assertEquals(
                Check.Level.WARN,
                CriuChecks.capabilities(CRIU, out(127, "", ""), true, FULL, EVERYONE)
                        .level());
    }

    @Test
    void configFiles() {
        assertEquals(
                Check.Level.PASS,
                CriuChecks.configFiles(out(0, "  --no-default-config   forbid usage\n", ""))
                        .level());
        assertEquals(
                Check.Level.WARN,
                CriuChecks.configFiles(out(0, "usage: criu\n", "")).level());
    }

    @Test
    void boundingSet() {
        assertEquals(0x1fffeffffffL, CriuChecks.capabilityBoundingSet("Name:\tx\nCapBnd:\t000001fffeffffff\n"));
    }

    @Test
    void theProvisionedCriuPassesForRoot() throws java.io.IOException {
        long bounding = CriuChecks.capabilityBoundingSet(java.nio.file.Files.readString(Path.of("/proc/self/status")));
        List<Check> checks = CriuChecks.run(PROVISIONED_CRIU, true, bounding, CriuChecks.exec(Duration.ofSeconds(20)));
        assertEquals(
                List.of(
                        "criu binary",
                        "criu version",
                        "criu check",
                        "dirty memory tracking",
                        "file capabilities",
                        "criu configuration files"),
                checks.stream().map(Check::name).toList());
        assertEquals(Check.Level.PASS, checks.get(1).level(), checks.get(1).toString());
        assertEquals(Check.Level.PASS, checks.get(2).level(), checks.get(2).toString());
        assertEquals(Check.Level.PASS, checks.get(4).level(), checks.get(4).toString());
        assertEquals(Check.Level.PASS, checks.get(5).level(), checks.get(5).toString());
        assertEquals(
                Check.Level.FAIL,
                CriuChecks.run(Path.of("/nonexistent/criu"), true, FULL, CriuChecks.exec(Duration.ofSeconds(5)))
                        .get(0)
                        .level());
    }
}
