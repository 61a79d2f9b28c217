package criu.invoke.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a child process (criu, or a helper such as {@code kill}) to completion or its timeout. The
 * real one is {@link ChildProcess#run}; tests give a fake criu that writes an image without
 * starting a process, or one that fails or hangs.
 */
@FunctionalInterface
public interface ChildRunner {
    /** This machine's processes, through {@link ChildProcess}. */
    ChildRunner SYSTEM = ChildProcess::run;

    /**
     * Runs {@code command} with {@code environment} (null: {@link ChildProcess#CLEAN_ENVIRONMENT}) for at
     * most {@code timeout}; {@code log} is the file whose tail the result keeps.
     */
    CriuResult run(List<String> command, Map<String, String> environment, Duration timeout, Optional<Path> log);

    /** As {@link #run}, with {@code input} on the child's stdin; a real process unless a test says otherwise. */
    default CriuResult runWithInput(
            List<String> command, Map<String, String> environment, Duration timeout, byte[] input) {
        return ChildProcess.run(command, environment, timeout, Optional.empty(), input);
    }
}
