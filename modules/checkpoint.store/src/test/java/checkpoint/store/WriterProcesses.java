package checkpoint.store;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lsf.env.JobEnvironment;

/** Starts {@link StateWriterProcess} as a separate JVM on a plain class path. */
final class WriterProcesses {
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
        String classpath = String.join(
                File.pathSeparator,
                location(StateWriterProcess.class),
                location(CheckpointState.class),
                location(JobEnvironment.class),
                location(JSON.class),
                location(com.fasterxml.jackson.core.JsonFactory.class));
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-XX:-UsePerfData",
                "-Xss512k"));
        cmd.addAll(List.of("-cp", classpath, StateWriterProcess.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    }
}
