package hooks;

import criu.invoke.ChildProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Sends a signal to a process group. Tests replace it. */
@FunctionalInterface
public interface Signaller {
    /** Sends {@code signal} (e.g. {@code INT}, {@code TERM}, {@code KILL}) to every process of {@code pgid}. */
    void signalGroup(long pgid, String signal);

    /** The real one: {@code /bin/kill -s SIG -- -PGID} (Java has no API for process groups). */
    static Signaller system() {
        return (pgid, signal) -> ChildProcess.run(List.of("/bin/kill", "-s", signal, "--", "-" + pgid), null,
                Duration.ofSeconds(10), Optional.empty());
    }
}
