package hooks.system;

import criu.invoke.process.ChildProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Sends signals to a job's process groups and processes. Tests replace it. */
public interface Signaller {
    /** Sends {@code signal} (e.g. {@code INT}, {@code TERM}, {@code KILL}) to every process of {@code pgid}. */
    void signalGroup(long pgid, String signal);

    /**
     * Sends SIGKILL to process {@code pid} from this process, without a child process: the caller
     * made sure that {@code pid} is still the process it means (a process criu left stopped cannot
     * exit by itself, and its pid is not reused while it is not reaped).
     */
    void killProcess(long pid);

    /** The shell's own {@code kill}: every host has /bin/sh, not every host has a kill program at /bin/kill. */
    List<String> GROUP_KILL = List.of("/bin/sh", "-c", "kill -s \"$1\" -- \"-$2\"", "kill");

    /**
     * The real one: {@code kill -s SIG -- -PGID} for a group (Java has no API for process groups),
     * {@link ProcessHandle#destroyForcibly} for one process (which checks that the pid still names
     * the process it looked up).
     */
    static Signaller system() {
        return new Signaller() {
            @Override
            public void signalGroup(long pgid, String signal) {
                ChildProcess.run(argv(signal, pgid), null, Duration.ofSeconds(10), Optional.empty());
            }

            @Override
            public void killProcess(long pid) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        };
    }

    /** The command that sends {@code signal} to process group {@code pgid}. */
    static List<String> argv(String signal, long pgid) {
        List<String> argv = new java.util.ArrayList<>(GROUP_KILL);
        argv.add(signal);
        argv.add(Long.toString(pgid));
        return argv;
    }
}
