package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lsf.env.config.SiteConfig;
import org.junit.jupiter.api.Test;

/** The restart command erestart.criu writes, as a pure function of what it found. */
class RestartPlanTest {
    static final Path CHK = Path.of("/scratch/chk dir/102");
    static final Path GEN = CHK.resolve("criu/gen-000002");

    @Test
    void theRestartCommandRestoresTheGenerationAsTheHoldersSiblingWithinTheRestoreTimeout() {
        SiteConfig config =
                SiteConfig.of("t", Map.of("CRIU_RESTORE_TIMEOUT", "45", "CRIU_RESTORE_OPTIONS", "--tcp-close"));
        RestartPlan plan = RestartPlan.of(
                CHK, GEN, Path.of("/opt/lsf-criu"), Path.of("/opt/criu/bin/criu"), config, true, Optional.empty());
        List<String> c = plan.command();
        assertEquals(
                List.of("/opt/lsf-criu/bin/lsf-criu-restart", CHK.toString(), "45", "/opt/criu/bin/criu", "restore"),
                c.subList(0, 5));
        assertTrue(
                c.contains("--restore-sibling") && c.contains("--unprivileged") && c.contains("--tcp-close"),
                c.toString());
        assertEquals(CHK.resolve(".lsf-criu-restored.pid").toString(), c.get(c.indexOf("--pidfile") + 1));
        assertEquals(GEN.toString(), c.get(c.indexOf("-D") + 1));
        assertEquals(
                "LSB_RESTART_CMD=/opt/lsf-criu/bin/lsf-criu-restart '/scratch/chk dir/102' 45",
                plan.restartCmdLine()
                        .substring(
                                0,
                                "LSB_RESTART_CMD=/opt/lsf-criu/bin/lsf-criu-restart '/scratch/chk dir/102' 45"
                                        .length()),
                "quoted for LSF's shell");
        assertTrue(plan.restartCmdLine().endsWith("\n")
                && plan.restartCmdLine().lines().count() == 1);
    }

    @Test
    void rootRestoresPrivilegedAndTheJobsCgroupIsNamedWhenGiven() {
        RestartPlan plan = RestartPlan.of(
                CHK,
                GEN,
                Path.of("/opt/lsf-criu"),
                Path.of("/criu"),
                SiteConfig.defaults(),
                false,
                Optional.of("/lsf/job.102"));
        assertTrue(!plan.command().contains("--unprivileged"), plan.command().toString());
        assertEquals("/lsf/job.102", plan.command().get(plan.command().indexOf("--cgroup-root") + 1));
        assertEquals("600", plan.command().get(2), "the default restore timeout");
    }
}
