package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import criu.invoke.process.ChildProcess;
import criu.invoke.process.CriuResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lsf.env.JobEnvironment;
import lsf.env.config.ConfigException;
import lsf.env.config.ConfigFile;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Each function of the shell library ({@code jlink/scripts/lsf-criu-lib.sh}) against its Java twin,
 * over generated inputs: white space of every kind Java strips, quotes, comments, leading zeros,
 * odd values. The shell halves read the configuration, the opt-in switch and LSF's id lists only
 * through these functions, so what holds here holds for them.
 */
class ShellLibraryParityTest {
    /** What String.strip() removes, and a few characters it keeps. */
    static final String WHITE = " \t\n\u000b\f\r\u001c\u001d\u001e\u001f";

    @TempDir
    Path tmp;

    /** Runs {@code snippet} in /bin/sh after the library, with {@code args} as $1...; its stdout. */
    static String sh(String snippet, String... args) {
        List<String> argv = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                ". \"$0\"; " + snippet,
                TerminateFastPathParityTest.script("lsf-criu-lib.sh").toString()));
        argv.addAll(List.of(args));
        CriuResult r =
                ChildProcess.run(argv, Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(20), Optional.empty());
        assertEquals(0, r.exitStatus(), r.describe());
        return r.stdout();
    }

    /** A value padded with white space drawn from {@link #WHITE}, one of its letters' cases flipped. */
    static Gen<String> padded(List<String> words) {
        Gen<String> word = SourceDSL.integers().between(0, words.size() - 1).map(words::get);
        Gen<String> ws = SourceDSL.lists()
                .of(SourceDSL.integers().between(0, WHITE.length() - 1).map(i -> String.valueOf(WHITE.charAt(i))))
                .ofSizeBetween(0, 3)
                .map(l -> String.join("", l));
        return word.zip(ws, ws, SourceDSL.integers().between(0, 7), (w, before, after, flip) -> {
            StringBuilder b = new StringBuilder(w);
            if (flip < b.length()) {
                char c = b.charAt(flip);
                b.setCharAt(flip, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
            }
            return before + b + after;
        });
    }

    /** The opt-in switch: yes, no, or neither (Java: no, with a warning), as EnvValues.flag reads it. */
    @Test
    void theOptInSwitchReadsAsJavaReadsIt() {
        List<String> words = List.of(
                "Y", "y", "yes", "YES", "true", "1", "N", "no", "false", "0", "", "maybe", "ja", "2", "yes!", "Y Y");
        qt().withExamples(150).forAll(padded(words)).checkAssert(value -> {
            JobEnvironment env = JobEnvironment.of(Map.of("ENABLE_ORUN_CHKPNT", value));
            boolean warned = env.warnings().stream().anyMatch(e -> e.startsWith("ENABLE_ORUN_CHKPNT="));
            int expected = env.knobs().checkpointOnOverrun() ? 0 : warned ? 2 : 1;
            String shell = sh("lsf_flag \"$1\"; echo $?", value).strip();
            assertEquals(Integer.toString(expected), shell, "'" + value + "'");
        });
    }

    /** The terminate interval as the fast path reads it, whatever the line looks like: the value Java uses. */
    @Test
    void theConfigurationReadsAsJavaReadsIt() {
        Gen<String> value = SourceDSL.integers()
                .between(0, 9)
                .zip(SourceDSL.integers().between(0, 4000), (style, n) -> switch (style) {
                    case 0 -> "\"" + n + "\"";
                    case 1 -> "'" + n + "'";
                    case 2 -> "00" + n;
                    case 3 -> "\"" + n; // an unclosed quote
                    case 4 -> n + " # a comment";
                    case 5 -> "\"" + n + "'";
                    case 6 -> "";
                    case 7 -> "''";
                    default -> Integer.toString(n);
                });
        Gen<String> pad = SourceDSL.integers()
                .between(0, 3)
                .map(i -> List.of("", " ", "\t", "  \t").get(i));
        Gen<String> others = SourceDSL.integers()
                .between(0, 5)
                .map(i -> List.of(
                                "",
                                "# JOB_TERMINATE_INTERVAL=99",
                                "LSF_COMMAND_TIMEOUT=30",
                                "   # indented comment = with an equals sign",
                                "JOB_TERMINATE_INTERVAL=7", // set twice: Java refuses the file
                                "CRIU_DUMP_OPTIONS=\"--tcp-established -v4\"")
                        .get(i));
        Gen<String> texts =
                pad.zip(pad, value, others, SourceDSL.booleans().all(), (before, around, v, other, crlf) -> {
                    String line = before + "JOB_TERMINATE_INTERVAL" + around + "=" + around + v + around;
                    String eol = crlf ? "\r\n" : "\n";
                    return "# lsf-criu" + eol + other + eol + line + eol + "GENERATIONS_KEEP=2" + eol;
                });
        qt().withExamples(200).forAll(texts).checkAssert(text -> {
            long java;
            try {
                java = SiteConfig.of("t", ConfigFile.parse("t", text)).number(ConfigKey.JOB_TERMINATE_INTERVAL);
            } catch (ConfigException e) {
                java = SiteConfig.defaults().number(ConfigKey.JOB_TERMINATE_INTERVAL); // what TERMINATE uses then
            }
            Path file = tmp.resolve("lsf-criu.conf");
            try {
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String shell = sh(
                    "lsf_conf_number \"$1\" JOB_TERMINATE_INTERVAL 10 " + ConfigKey.JOB_TERMINATE_INTERVAL.max()
                            + "; printf %s \"$lsf_n\"",
                    file.toString());
            assertEquals(Long.toString(java), shell, text);
        });
    }

    /** LSF's id lists: the ids the fast path signals are the ids Java reads, never 0, 1, or one with a sign. */
    @Test
    void idListsReadAsJavaReadsThem() {
        List<String> tokens = List.of(
                "5857",
                "05857",
                "0",
                "1",
                "01",
                "001",
                "2",
                "-1",
                "+5",
                "12a",
                "99999999999",
                "2147483647",
                "2147483648",
                "");
        Gen<String> token = SourceDSL.integers().between(0, tokens.size() - 1).map(tokens::get);
        Gen<String> sep = SourceDSL.integers()
                .between(0, 5)
                .map(i -> List.of(" ", "  ", "\t", "\n", "\r", " \u000b").get(i));
        qt().withExamples(150)
                .forAll(SourceDSL.lists().of(token.zip(sep, (t, s) -> t + s)).ofSizeBetween(0, 5))
                .checkAssert(parts -> {
                    String raw = String.join("", parts);
                    List<Long> java =
                            JobEnvironment.of(Map.of("LSB_JOBPGIDS", raw)).jobPgids();
                    List<Long> shell = new ArrayList<>();
                    for (String id :
                            sh("lsf_ids \"$1\"; printf %s \"$lsf_ids\"", raw).split(" ")) {
                        if (!id.isEmpty() && !shell.contains(Long.parseLong(id))) {
                            shell.add(Long.parseLong(id));
                        }
                    }
                    assertEquals(java, shell, "'" + raw + "'");
                });
    }

    /** The warning signals the fast path sends are those the configuration accepts (less none). */
    @Test
    void theWarningSignalsAreTheConfigurationsOwn() {
        List<String> names = new ArrayList<>(ConfigKey.SIGNALS);
        names.addAll(List.of("KILL", "STOP", "CONT", "usr2", "SIGUSR2", "12", "", "USR2 ", "none"));
        for (String name : names) {
            boolean java = ConfigKey.SIGNALS.contains(name) && !name.equals("none");
            String shell = sh("lsf_signal \"$1\" && echo yes || echo no", name).strip();
            assertEquals(java ? "yes" : "no", shell, "'" + name + "'");
        }
    }
}
