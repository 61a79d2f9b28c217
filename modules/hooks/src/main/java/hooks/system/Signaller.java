package hooks.system;

import criu.invoke.ChildProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Sends a signal to a process group. Tests replace it. */
@FunctionalInterface
public interface Signaller {
    /** Sends {@code signal} (e.g. {@code INT}, {@code TERM}, {@code KILL}) to every process of {@code pgid}. */
    void signalGroup(long pgid, String signal);

    /** The shell's own {@code kill}: every host has /bin/sh, not every host has a kill program at /bin/kill. */
    List<String> GROUP_KILL = List.of("/bin/sh", "-c", "kill -s \"$1\" -- \"-$2\"", "kill");

    /** The real one: {@code kill -s SIG -- -PGID} (Java has no API for process groups). */
    static Signaller system() {
        return (pgid, signal) -> ChildProcess.run(argv(signal, pgid), null, Duration.ofSeconds(10), Optional.empty());
    }

    /** The command that sends {@code signal} to process group {@code pgid}. */
    static List<String> argv(String signal, long pgid) {
        List<String> argv = new java.util.ArrayList<>(GROUP_KILL);
        argv.add(signal);
        argv.add(Long.toString(pgid));
        return argv;
    }
}
