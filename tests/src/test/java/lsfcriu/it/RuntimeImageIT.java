package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lsf.env.CheckpointDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every program of the built image as an administrator or LSF would: without java on PATH,
 * from another directory, through a symlink, with a hostile job environment. Catches faults that
 * only the image has (missing tinylog implementation, missing resources, unusable CDS archive).
 */
class RuntimeImageIT {
    static final Path IMAGE = Path.of(System.getProperty("lsf.criu.image", "../jlink/target/lsf-criu"))
            .toAbsolutePath()
            .normalize();
    static final List<String> PROGRAMS =
            List.of("echkpnt.criu", "erestart.criu", "lsf-criu-terminate", "lsf-criu-post-exec", "lsf-criu");

    @TempDir
    Path elsewhere;

    static Path program(String name) {
        return IMAGE.resolve("bin").resolve(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"echkpnt.criu", "erestart.criu", "lsf-criu-terminate", "lsf-criu-post-exec", "lsf-criu"})
    void everyProgramAnswersVersionAndHelpWithoutJavaOnPath(String name) {
        Run version = Run.of(
                elsewhere, Run.bareEnvironment(), 30, List.of(program(name).toString(), "--version"));
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().startsWith(name + " (lsf-criu) "), version.out());
        Run help = Run.of(
                elsewhere, Run.bareEnvironment(), 30, List.of(program(name).toString(), "--help"));
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("usage: " + name), help.out());
    }

    /** The shell programs: the restart command and the optional job starter, and every subcommand of lsf-criu. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "lsf-criu-restart",
                "lsf-criu-job-starter",
                "lsf-criu simulate",
                "lsf-criu doctor",
                "lsf-criu status",
                "lsf-criu config",
                "lsf-criu explain"
            })
    void everyOtherCommandAnswersHelp(String command) {
        List<String> argv = new java.util.ArrayList<>(List.of(command.split(" ")));
        argv.set(0, program(argv.get(0)).toString());
        argv.add("--help");
        Run help = Run.of(elsewhere, Run.bareEnvironment(), 30, argv);
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("usage: " + command), help.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"echkpnt.criu", "erestart.criu", "lsf-criu-terminate", "lsf-criu"})
    void everyProgramWorksThroughASymlinkFromAnotherDirectory(String name) throws IOException {
        Path serverdir = Files.createDirectories(elsewhere.resolve("serverdir"));
        Path link = Files.createSymbolicLink(serverdir.resolve(name), program(name));
        Run run = Run.of(serverdir, Run.bareEnvironment(), 30, List.of(link.toString(), "--version"));
        assertEquals(0, run.exit(), run.err());
        Run relative = Run.of(serverdir, Run.bareEnvironment(), 30, List.of("/bin/sh", name, "--version"));
        assertEquals(0, relative.exit(), relative.err());
    }

    @Test
    void badArgumentsGiveOneLineAndExitTwo() {
        List<List<String>> bad = List.of(
                List.of("echkpnt.criu", "-c", "-k", "4242"),
                List.of("echkpnt.criu", "-d", "1.tmp", "abc"),
                List.of("echkpnt.criu", "-d", "1.tmp", "-5"),
                List.of("echkpnt.criu", "-x", "-d", "1.tmp", "5"),
                List.of("erestart.criu"),
                List.of("erestart.criu", "a", "b"),
                List.of("lsf-criu-terminate", "extra"),
                List.of("lsf-criu", "no-such-command"),
                List.of("lsf-criu"));
        for (List<String> args : bad) {
            List<String> cmd = Stream.concat(
                            Stream.of(program(args.get(0)).toString()),
                            args.stream().skip(1))
                    .toList();
            Run run = Run.of(elsewhere, Run.bareEnvironment(), 30, cmd);
            assertAll(
                    String.join(" ", args),
                    () -> assertEquals(2, run.exit(), run.err()),
                    () -> assertEquals(1, run.err().strip().lines().count(), run.err()),
                    () -> assertTrue(run.err().startsWith(args.get(0) + ": "), run.err()));
        }
    }

    @Test
    void logsGoThroughTinylogInsideTheImage() {
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.put("LSB_JOBID", "4242");
        env.put("LSB_SUSP_REASONS", "131072");
        env.put("LSB_SUSP_SUBREASONS", "1");
        env.put("LSB_JOBINDEX", "3");
        env.put("ENABLE_ORUN_CHKPNT", "Y"); // opted in at the run limit: the JVM decides, not the launcher
        Run run =
                Run.of(elsewhere, env, 30, List.of(program("lsf-criu-terminate").toString()));
        assertEquals(0, run.exit(), run.err());
        assertFalse(run.err().contains("No logging framework implementation found"), run.err());
        assertTrue(
                run.err()
                        .matches("(?s).*\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* INFO \\[\\d+] "
                                + "lsf-criu-terminate job 4242: decision KILL_NORMALLY: job array element.*"),
                run.err());
    }

    @Test
    void configurationComesFromTheImageWhateverTheJobEnvironmentSays() throws IOException {
        Path evil = Files.createDirectories(elsewhere.resolve("evil/conf"));
        Files.writeString(evil.resolve("lsf-criu.conf"), "CRIU_BINARY=/tmp/evil-criu\n");
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.put("JAVA_TOOL_OPTIONS", "-Djava.home=" + evil.getParent());
        env.put("_JAVA_OPTIONS", "-Djava.home=" + evil.getParent());
        env.put("JDK_JAVA_OPTIONS", "-Djava.home=" + evil.getParent());
        env.put("CLASSPATH", evil.toString());
        env.put("LD_PRELOAD", "/nonexistent/libevil.so");
        env.put("JAVA_HOME", evil.getParent().toString());
        Run run = Run.of(elsewhere, env, 30, List.of(program("lsf-criu").toString(), "config", "--json"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("\"file\" : \"" + IMAGE.resolve("conf/lsf-criu.conf") + "\""), run.out());
        assertFalse(run.out().contains("evil"), run.out());
        assertFalse(run.err().contains("Picked up"), "the JVM read a job variable: " + run.err());
    }

    @Test
    void configCommandReadsTheShippedConfiguration() {
        Run run = Run.of(
                elsewhere,
                Run.bareEnvironment(),
                30,
                List.of(program("lsf-criu").toString(), "config"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("CRIU_BINARY=/opt/lsf-criu/criu/bin/criu    # admin config"), run.out());
        assertTrue(run.out().contains("RESTART_LIMIT_DEFAULT=2"), run.out());
    }

    @Test
    void postExecAnswersWithoutTheJvmForAJobWithoutCheckpointState() throws IOException {
        Map<String, String> env = new HashMap<>(Run.bareEnvironment());
        env.put("LSB_CHKPNT_DIR", elsewhere.toString());
        // A java that must not run: the fast path answers before the launcher reaches it.
        env.put("JAVA_TOOL_OPTIONS", "-XX:+NoSuchOptionAtAll");
        Run run =
                Run.of(elsewhere, env, 30, List.of(program("lsf-criu-post-exec").toString()));
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        // a checkpoint directory of root's, named for the job, as LSF makes it for a job of root's
        Path chk = Files.createDirectory(elsewhere.resolve("5"));
        Files.writeString(chk.resolve(CheckpointDir.STATE), "{}");
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("LSB_CHKPNT_DIR", chk.toString());
        env.put("LSB_JOBID", "5");
        Run jvm =
                Run.of(elsewhere, env, 30, List.of(program("lsf-criu-post-exec").toString()));
        assertEquals(4, jvm.exit(), "the JVM ran and found the state unusable: " + jvm.err());
        assertTrue(jvm.err().contains("lsf-criu-post-exec job 5: no summary: "), jvm.err());
    }

    /**
     * The image's start-up cache maps and holds the toolkit's own classes: the static CDS archive
     * (default; -Xshare:on fails at start-up when it is missing or does not match the image), or in a
     * build with LSF_CRIU_STARTUP_CACHE=aot the AOT cache, for the JIT launchers' flags and for -Xint
     * (TERMINATE, POST_EXEC); AOTMode=on fails at start-up when the cache cannot be used.
     */
    @Test
    void theStartUpCacheIsUsableWithEveryLaunchersFlags() throws IOException {
        Path aot = IMAGE.resolve("lib/lsf-criu.aot");
        boolean aotBuild = Files.exists(aot);
        assertEquals(
                aotBuild,
                Files.readString(IMAGE.resolve("bin/lsf-criu-terminate")).contains("-XX:AOTCache="),
                "the launchers use the cache the build made");
        assertTrue(aotBuild || Files.isRegularFile(IMAGE.resolve("lib/server/classes.jsa")), "no start-up cache");
        for (List<String> flags : List.of(List.<String>of(), List.of("-Xint"))) {
            List<String> argv =
                    new java.util.ArrayList<>(List.of(IMAGE.resolve("bin/java").toString()));
            argv.addAll(flags);
            argv.addAll(aotBuild ? List.of("-XX:AOTCache=" + aot, "-XX:AOTMode=on") : List.of("-Xshare:on"));
            argv.addAll(List.of("-Xlog:class+load=info", "-m", "hooks/hooks.admin.AdminCommand", "--version"));
            Run run = Run.of(elsewhere, Run.bareEnvironment(), 30, argv);
            assertEquals(0, run.exit(), flags + ": " + run.out() + run.err());
            assertTrue(
                    run.out().contains("hooks.admin.AdminCommand source: shared objects file"),
                    flags + ": app class not cached");
        }
    }

    /**
     * Through the launcher itself, with its flags (which silence the JVM's word on an archive it
     * cannot map): doctor reads the JVM's own "sharing" and says PASS only when the archive is in use.
     */
    @Test
    void theLauncherStartsFromTheStartUpArchive() {
        Run run = Run.of(
                elsewhere,
                Run.bareEnvironment(),
                120,
                List.of(program("lsf-criu").toString(), "doctor", "--quick"));
        assertTrue(
                run.out().lines().anyMatch(l -> l.matches("PASS +start-up archive +in use \\(.*sharing\\)")),
                run.out() + run.err());
    }

    @Test
    void imageFitsInItsSixtyMegabyteBudget() throws IOException {
        long bytes;
        try (Stream<Path> files = Files.walk(IMAGE)) {
            bytes = files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
        // the build's budget (assemble-image): 60 MB since the image is linked from Temurin 25 for glibc 2.17;
        // the 50 MB goal of the issue "A runtime that runs on every host" is not met yet
        assertTrue(bytes <= 60L * 1000 * 1000, "image is " + bytes + " bytes");
    }
}
