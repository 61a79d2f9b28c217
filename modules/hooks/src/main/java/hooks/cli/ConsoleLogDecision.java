package hooks.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.IntFunction;

/** Whether a tinylog configuration writes only to a console that is /dev/null. Pure. */
final class ConsoleLogDecision {
    static final String DEV_NULL = "/dev/null";

    private ConsoleLogDecision() {}

    /**
     * True when every writer {@code config} names is tinylog's console writer (none named: tinylog's
     * default, a console writer) and every descriptor those writers use is open on /dev/null as
     * {@code fds} reports it (1 for {@code stream = out}, 2 for {@code err}, both otherwise). A
     * provider other than tinylog's own, any other writer, or a descriptor that cannot be read keeps
     * the log.
     */
    static boolean discarded(Properties config, IntFunction<Optional<String>> fds) {
        String provider = config.getProperty("provider", "tinylog").strip();
        if (!provider.equalsIgnoreCase("tinylog")) {
            return false;
        }
        List<String> writers = new ArrayList<>();
        for (String key : config.stringPropertyNames()) {
            if (key.startsWith("writer") && !key.contains(".")) {
                writers.add(key);
            }
        }
        if (writers.isEmpty()) {
            return isDevNull(fds, 1) && isDevNull(fds, 2);
        }
        for (String writer : writers) {
            if (!config.getProperty(writer).strip().equalsIgnoreCase("console")) {
                return false;
            }
            boolean quiet = switch (config.getProperty(writer + ".stream", "").strip()) {
                case "err" -> isDevNull(fds, 2);
                case "out" -> isDevNull(fds, 1);
                default -> isDevNull(fds, 1) && isDevNull(fds, 2);
            };
            if (!quiet) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDevNull(IntFunction<Optional<String>> fds, int fd) {
        return fds.apply(fd).filter(DEV_NULL::equals).isPresent();
    }
}
