package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriuChecksTest {
    static CriuResult out(int status, String stdout, String stderr) {
        return new CriuResult(List.of("criu"), status, stdout, stderr, false, List.of(), Duration.ZERO);
    }

    static final Path CRIU = Path.of("/opt/criu");
    static final long FULL = 0x1ffffffffffL;
    static final long NO_SYS_RESOURCE = 0x1fffeffffffL;

    @Test
    void versions() {
        assertEquals(Check.Level.PASS, CriuChecks.version(out(0, "Version: 4.1.1\n", "")).level());
        Check old = CriuChecks.version(out(0, "Version: 3.17.1\n", ""));
        assertEquals(Check.Level.WARN, old.level());
        assertTrue(old.advice().contains("Unexpected rt vDSO area bounds"), old.advice());
        assertEquals(Check.Level.FAIL, CriuChecks.version(out(1, "", "not criu")).level());
    }

    @Test
    void criuCheck() {
        assertEquals(Check.Level.PASS, CriuChecks.criuCheck(out(0, "Looks good.\n", "")).level());
        Check bad = CriuChecks.criuCheck(out(1, "", "Error (criu/vdso.c:123): vdso: Unexpected rt vDSO area bounds\n"));
        assertEquals(new Check("criu check", Check.Level.FAIL, "Error (criu/vdso.c:123): vdso: Unexpected rt vDSO area bounds",
                bad.advice()), bad);
    }

    @Test
    void dirtyTracking() {
        assertEquals(Check.Level.WARN, CriuChecks.dirtyTracking(out(0, "", "Warn: Dirty tracking is OFF.")).level());
        assertEquals(Check.Level.PASS, CriuChecks.dirtyTracking(out(0, "mem_dirty_track is supported\n", "")).level());
    }

    @Test
    void capabilities() {
        CriuResult full = out(0, "/opt/criu cap_setpcap,cap_sys_ptrace,cap_sys_admin,cap_checkpoint_restore=ep\n", "");
        assertEquals(Check.Level.PASS, CriuChecks.capabilities(CRIU, full, false, NO_SYS_RESOURCE).level());
        CriuResult two = out(0, "/opt/criu cap_sys_ptrace,cap_sys_admin=ep\n", "");
        assertEquals(Check.Level.PASS, CriuChecks.capabilities(CRIU, two, false, FULL).level());
        Check lacking = CriuChecks.capabilities(CRIU, two, false, NO_SYS_RESOURCE);
        assertEquals(Check.Level.FAIL, lacking.level());
        assertTrue(lacking.advice().startsWith("setcap cap_checkpoint_restore,cap_setpcap,cap_sys_admin,cap_sys_ptrace=ep"
                + " /opt/criu (the capability bounding set lacks CAP_SYS_RESOURCE"), lacking.advice());
        Check none = CriuChecks.capabilities(CRIU, out(0, "", ""), true, FULL);
        assertEquals(Check.Level.WARN, none.level());
        assertEquals("none; jobs of ordinary users cannot be checkpointed", none.found());
        assertEquals(Check.Level.WARN, CriuChecks.capabilities(CRIU, out(127, "", ""), true, FULL).level());
    }

    @Test
    void boundingSet() {
        assertEquals(0x1fffeffffffL, CriuChecks.capabilityBoundingSet("Name:\tx\nCapBnd:\t000001fffeffffff\n"));
    }

    @Test
    void theProvisionedCriuPassesForRoot() {
        List<Check> checks = CriuChecks.run(TestJob.CRIU, true, FULL, CriuChecks.exec(Duration.ofSeconds(60)));
        assertEquals(List.of("criu binary", "criu version", "criu check", "dirty memory tracking", "file capabilities"),
                checks.stream().map(Check::name).toList());
        assertEquals(Check.Level.PASS, checks.get(1).level(), checks.get(1).toString());
        assertEquals(Check.Level.PASS, checks.get(2).level(), checks.get(2).toString());
        assertEquals(Check.Level.PASS, checks.get(4).level(), checks.get(4).toString());
        assertEquals(Check.Level.FAIL, CriuChecks.run(Path.of("/nonexistent/criu"), true, FULL,
                CriuChecks.exec(Duration.ofSeconds(5))).get(0).level());
    }
}
