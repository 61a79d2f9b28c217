package hooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import checkpoint.store.CheckpointState;
import checkpoint.store.StateFile;
import hooks.system.ImageLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin command in-process: status, explain, config and its errors. */
class AdminCommandTest {
    @TempDir
    Path tmp;

    ImageLayout layout;

    @BeforeEach
    void image() throws IOException {
        Files.createDirectories(tmp.resolve("image/conf"));
        Files.writeString(tmp.resolve("image/conf/lsf-criu.conf"), "RESTART_LIMIT_DEFAULT=3\nRESTART_LIMIT_MAX=4\n");
        layout = new ImageLayout(tmp.resolve("image"));
    }

    record Result(int code, String out, String err) {}

    Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new AdminCommand(layout, env).run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void statusPrintsStateAndHistory() {
        Path dir = tmp.resolve("chk/1021");
        dir.toFile().mkdirs();
        new StateFile(dir)
                .update(b -> CheckpointState.initial(1021, 1689765619L)
                        .checkpointStarted(1021, 1689765619L, 1689765734L)
                        .checkpointSucceeded(1689765740L, Map.of("pages_written", 10L), true)
                        .restartSubmitted(1022, 1689765750L));
        Result r = run(Map.of(), "status", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Current job:          1022 (first job 1021)"), r.out());
        assertTrue(r.out().contains("Overrun restarts:     1"), r.out());
        assertTrue(r.out().contains("1021                    0  2023-07-19 11:20:19 UTC"), r.out());
        Result json = run(Map.of(), "status", "--json", dir.toString());
        assertTrue(json.out().contains("\"overrun_restarts\" : 1"), json.out());
    }

    @Test
    void everySubcommandAnswersHelp() {
        for (String command : new String[] {"config", "status", "doctor", "explain", "simulate"}) {
            Result r = run(Map.of(), command, "--help");
            assertEquals(0, r.code(), command + ": " + r.err());
            assertTrue(r.out().startsWith("usage: lsf-criu " + command), command + ": " + r.out());
        }
    }

    /** After two restarts LSF renamed chk/1021 to chk/1023 and removed the old ids' links. */
    @Test
    void statusFindsTheJobsCurrentDirectoryFromAnyOfItsIds() throws IOException {
        Path dir = tmp.resolve("chk/1023");
        dir.toFile().mkdirs();
        tmp.resolve("chk/999").toFile().mkdirs(); // another job's directory, without state
        new StateFile(dir)
                .update(b -> CheckpointState.initial(1021, 1689765619L)
                        .runStarted(1021, 1689765619L)
                        .restartSubmitted(1022, 1689765750L)
                        .runStarted(1022, 1689765760L)
                        .restartSubmitted(1023, 1689765850L));
        for (String old : new String[] {"1021", "1022"}) {
            Result r = run(Map.of(), "status", tmp.resolve("chk/" + old).toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("Checkpoint directory: " + dir), r.out());
            assertTrue(r.err().contains("the job's checkpoint directory is now " + dir), r.err());
        }
        assertEquals(
                1, run(Map.of(), "status", tmp.resolve("chk/1020").toString()).code(), "no job had that id");
    }

    @Test
    void statusOfADirectoryWithoutStateOrWithACorruptOne() throws IOException {
        Result none = run(Map.of(), "status", tmp.toString());
        assertEquals(1, none.code());
        assertEquals("lsf-criu status: no checkpoint state in " + tmp + " (no .checkpoint-state.json)\n", none.err());
        Files.writeString(
                tmp.resolve(".checkpoint-state.json"), "{\"version\": \"V7\", \"job_id\": 1, \"chkpnt_state\": 1}");
        Result bad = run(Map.of(), "status", tmp.toString());
        assertEquals(4, bad.code());
        assertTrue(bad.err().contains("unknown state version 'V7'"), bad.err());
    }

    @Test
    void explainShowsEverySettingWithItsSource() {
        Result r = run(
                Map.of(
                        "ENABLE_ORUN_CHKPNT",
                        "Y",
                        "ORUN_RESTART_LIMIT",
                        "9",
                        "ORUN_TIMEOUT_SECONDS",
                        "x",
                        "LSB_CHKPNT_DIR",
                        tmp.resolve("chk/5").toString()),
                "explain");
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out()
                        .contains("ORUN_RESTART_LIMIT=4 (clamped: ORUN_RESTART_LIMIT=9 is above the site's"
                                + " RESTART_LIMIT_MAX=4)"),
                r.out());
        assertTrue(
                r.out()
                        .contains("ORUN_TIMEOUT_SECONDS=180 (default: ORUN_TIMEOUT_SECONDS='x' is not a whole number;"
                                + " using CHECKPOINT_TIMEOUT_DEFAULT)"),
                r.out());
        assertTrue(r.out().contains("ORUN_KILL_POLL_TRIES=10 (default)"), r.out());
        assertTrue(r.out().contains("At the run limit now: REQUEST_CHECKPOINT"), r.out());
        Result notOptedIn = run(Map.of(), "explain");
        assertTrue(
                notOptedIn.out().contains("At the run limit now: KILL_NORMALLY: job did not opt in"), notOptedIn.out());
    }

    @Test
    void aBrokenConfigurationIsExitThreeWithOneLine() throws IOException {
        Files.writeString(layout.configFile(), "RESTART_LIMIT_MAX=lots\n");
        Result r = run(Map.of(), "config");
        assertEquals(3, r.code());
        assertEquals(
                "lsf-criu: configuration error: " + layout.configFile() + ": RESTART_LIMIT_MAX=lots is not a whole"
                        + " number\n",
                r.err());
    }

    @Test
    void usageErrors() {
        assertEquals(2, run(Map.of(), "status").code());
        assertEquals(2, run(Map.of(), "explain", "extra").code());
        assertEquals(2, run(Map.of(), "frobnicate").code());
        assertTrue(run(Map.of(), "--help").out().contains("status <chkpnt dir> [--json]"));
    }
}
