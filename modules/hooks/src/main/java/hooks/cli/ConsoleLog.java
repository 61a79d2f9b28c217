package hooks.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.tinylog.Logger;

/**
 * Where a program's log lines go besides the job's own log: tinylog, as {@code tinylog.properties}
 * configures it, or nowhere when that configuration only writes to the console and the process's
 * console is {@code /dev/null}, as LSF runs its four programs (stdio on /dev/null unless
 * {@code LSB_ECHKPNT_KEEP_OUTPUT}). Starting tinylog then would cost each program about 20 ms of
 * start-up for lines nobody can read.
 */
public interface ConsoleLog {
    /** Logs at INFO; {@code {}} in {@code format} takes the next argument, as in tinylog. */
    void info(String format, Object... args);

    void warn(String format, Object... args);

    void error(String format, Object... args);

    /** Logs at ERROR with the exception's stack trace. */
    void error(Throwable e, String format, Object... args);

    /** Through tinylog and its configuration. */
    ConsoleLog TINYLOG = new ConsoleLog() {
        @Override
        public void info(String format, Object... args) {
            Logger.info(format, args);
        }

        @Override
        public void warn(String format, Object... args) {
            Logger.warn(format, args);
        }

        @Override
        public void error(String format, Object... args) {
            Logger.error(format, args);
        }

        @Override
        public void error(Throwable e, String format, Object... args) {
            Logger.error(e, format, args);
        }
    };

    /** Nowhere. */
    ConsoleLog NONE = new ConsoleLog() {
        @Override
        public void info(String format, Object... args) {}

        @Override
        public void warn(String format, Object... args) {}

        @Override
        public void error(String format, Object... args) {}

        @Override
        public void error(Throwable e, String format, Object... args) {}
    };

    /**
     * This process's console log: {@link #NONE} when tinylog's configuration (the file named by the
     * system property {@code tinylog.configuration}, overridden by {@code tinylog.*} system properties,
     * as tinylog reads it) has only console writers and the streams they write to are /dev/null;
     * {@link #TINYLOG} otherwise, and whenever any of that cannot be read.
     */
    static ConsoleLog forThisProcess() {
        String file = System.getProperty("tinylog.configuration");
        if (file == null) {
            return TINYLOG;
        }
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            config.load(in);
        } catch (IOException | RuntimeException e) {
            return TINYLOG;
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("tinylog.")) {
                config.setProperty(key.substring("tinylog.".length()), System.getProperty(key));
            }
        }
        return ConsoleLogDecision.discarded(config, ConsoleLog::descriptorTarget) ? NONE : TINYLOG;
    }

    /** What file descriptor {@code fd} of this process is open on, as /proc names it (empty: unknown). */
    private static Optional<String> descriptorTarget(int fd) {
        try {
            return Optional.of(
                    Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
