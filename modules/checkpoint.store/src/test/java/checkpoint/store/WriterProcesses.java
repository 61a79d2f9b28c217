package checkpoint.store;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lsf.env.JobEnvironment;

/** Starts {@link StateWriterProcess} (or another test's writer) as a separate JVM on a plain class path. */
public final class WriterProcesses {
    WriterProcesses() {
        // stateless
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    ProcessBuilder command(String... args) {
        return java(
                StateWriterProcess.class,
                List.of(
                        CheckpointState.class,
                        JobEnvironment.class,
                        JSON.class,
                        com.fasterxml.jackson.core.JsonFactory.class),
                List.of(args));
    }

    /** A JVM running {@code main} with the class path of it and of {@code classPathOf}, its stderr inherited. */
    public static ProcessBuilder java(Class<?> main, List<Class<?>> classPathOf, List<String> args) {
        List<String> classpath = new ArrayList<>(List.of(location(main)));
        classPathOf.forEach(c -> classpath.add(location(c)));
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-XX:-UsePerfData",
                "-Xss512k"));
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), main.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    }
}
