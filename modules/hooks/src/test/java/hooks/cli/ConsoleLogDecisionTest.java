package hooks.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** When a program's tinylog output would reach nobody, so that tinylog is not started. */
class ConsoleLogDecisionTest {
    private static final String PIPE = "pipe:[4711]";

    private static Properties config(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    private static IntFunction<Optional<String>> fds(String stdout, String stderr) {
        Map<Integer, String> m = new java.util.HashMap<>();
        if (stdout != null) {
            m.put(1, stdout);
        }
        if (stderr != null) {
            m.put(2, stderr);
        }
        return fd -> Optional.ofNullable(m.get(fd));
    }

    @Test
    void theShippedConfigurationIsDiscardedExactlyWhenStderrIsDevNull() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("../../conf/tinylog.properties"))) {
            shipped.load(in);
        }
        assertTrue(ConsoleLogDecision.discarded(shipped, fds(PIPE, "/dev/null")), "LSF's stdio: /dev/null");
        assertFalse(ConsoleLogDecision.discarded(shipped, fds("/dev/null", PIPE)), "stderr is read");
        assertFalse(
                ConsoleLogDecision.discarded(shipped, fds("/dev/null", "/tmp/chk/1/echkpnt.err")),
                "LSB_ECHKPNT_KEEP_OUTPUT=Y: stderr is a file");
        assertFalse(ConsoleLogDecision.discarded(shipped, fds("/dev/null", null)), "unknown descriptor: kept");
    }

    @Test
    void aConsoleWriterChecksTheStreamsItWritesTo() throws IOException {
        Properties out = config("writer = console\nwriter.stream = out\n");
        assertTrue(ConsoleLogDecision.discarded(out, fds("/dev/null", PIPE)));
        assertFalse(ConsoleLogDecision.discarded(out, fds(PIPE, "/dev/null")));
        for (String text : new String[] {"writer = console\n", "writer = console\nwriter.stream = err@WARN\n", ""}) {
            Properties both = config(text);
            assertTrue(ConsoleLogDecision.discarded(both, fds("/dev/null", "/dev/null")), text);
            assertFalse(ConsoleLogDecision.discarded(both, fds("/dev/null", PIPE)), text);
            assertFalse(ConsoleLogDecision.discarded(both, fds(PIPE, "/dev/null")), text);
        }
    }

    @Test
    void anyOtherWriterOrProviderKeepsTheLog() throws IOException {
        IntFunction<Optional<String>> silent = fds("/dev/null", "/dev/null");
        assertFalse(ConsoleLogDecision.discarded(
                config("writer = console\nwriter.stream = err\nwriter2 = file\nwriter2.file = /var/log/lsf-criu.log\n"),
                silent));
        assertFalse(ConsoleLogDecision.discarded(config("writerSyslog = syslog\n"), silent));
        assertFalse(ConsoleLogDecision.discarded(config("writer = console\nprovider = nop\n"), silent));
        assertTrue(ConsoleLogDecision.discarded(config("writer = Console \nwriter.format = {message}\n"), silent));
    }
}
