package hooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hooks.cli.ExitCode;
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

/** lsf-criu report over a small root: counts from the events, links not followed, --since, --json. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    ImageLayout layout;
    Path root;

    @BeforeEach
    void rootOfThreeJobs() throws IOException {
        Files.createDirectories(tmp.resolve("image/conf"));
        Files.writeString(tmp.resolve("image/conf/lsf-criu.conf"), "");
        layout = new ImageLayout(tmp.resolve("image"));
        root = Files.createDirectories(tmp.resolve("root"));
        job("101", "2026-11-20T10:00:00.000Z", "{\"event\":\"checkpoint_done\",\"image_bytes\":4096}");
        job(
                "102",
                "2026-12-02T10:00:00.000Z",
                "{\"event\":\"checkpoint_done\",\"image_bytes\":8192}",
                "{\"event\":\"restore_failed\",\"reason\":\"timed out\"}",
                "{\"event\":\"terminate_decision\",\"action\":\"KILL_NORMALLY\",\"reason\":\"restart limit reached (2 of 2 restarts used)\"}",
                "not json at all");
        Files.createDirectories(root.resolve("102/criu/gen-000001"));
        Files.write(root.resolve("102/criu/gen-000001/pages-1.img"), new byte[5000]);
        // a link to a directory outside the root, full of events: never followed
        Path outside = Files.createDirectories(tmp.resolve("outside/999"));
        Files.writeString(
                outside.resolve("lsf-criu.events.jsonl"),
                line("2026-12-03T00:00:00.000Z", "{\"event\":\"checkpoint_done\"}"));
        Files.createSymbolicLink(root.resolve("999"), outside);
    }

    private void job(String id, String time, String... events) throws IOException {
        Path d = Files.createDirectories(root.resolve(id));
        StringBuilder b = new StringBuilder();
        for (String e : events) {
            b.append(line(time, e));
        }
        Files.writeString(d.resolve("lsf-criu.events.jsonl"), b.toString());
    }

    private static String line(String time, String event) {
        return event.startsWith("{") ? "{\"time\":\"" + time + "\"," + event.substring(1) + "\n" : event + "\n";
    }

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new AdminCommand(layout, Map.of()).run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void sumsTheEventsOfTheRootsOwnDirectoriesOnly() {
        String[] r = run("report", root.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains(": 2 job directories"), r[1]);
        assertTrue(r[1].matches("(?s).*checkpoints_total outcome=done +2\n.*"), r[1]);
        assertTrue(r[1].matches("(?s).*restores_total outcome=failed reason=timed_out +1\n.*"), r[1]);
        assertTrue(r[1].matches("(?s).*jobs out of restarts +1\n.*"), r[1]);
        assertTrue(r[1].contains("/root/102"), "the oldest images list the directory with images: " + r[1]);
        assertTrue(r[1].contains("sweep would free: unknown"), "no LSF to ask here: " + r[1]);
    }

    @Test
    void sinceCountsOnlyLaterEvents() {
        String[] r = run("report", root.toString(), "--since", "2026-12-01", "--json");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("\"checkpoints_total outcome=done\" : 1"), r[1]);
        assertTrue(r[1].contains("\"jobs_checkpointed\" : 1"), r[1]);
    }

    @Test
    void badInputIsOneLineAndAFixedCode() {
        String[] r = run("report", root.toString(), "--since", "yesterday");
        assertEquals(Integer.toString(ExitCode.USAGE.code()), r[0]);
        assertTrue(r[2].contains("--since 'yesterday' must be a date"), r[2]);
        String[] link = run("report", root.resolve("999").toString());
        assertEquals(Integer.toString(ExitCode.BAD_INPUT.code()), link[0]);
        assertTrue(link[2].contains("is not a directory (or is a link)"), link[2]);
    }
}
