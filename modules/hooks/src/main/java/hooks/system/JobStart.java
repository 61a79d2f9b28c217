package hooks.system;

import criu.invoke.ProcFs;
import java.util.OptionalLong;

/** When a job started, from its process group leader's start time in /proc. */
public final class JobStart {
    /** Linux reports process start times in USER_HZ ticks, 100 a second on every mainstream architecture. */
    static final long TICKS_PER_SECOND = 100;

    private JobStart() {}

    /** Epoch seconds when process {@code pid} started, if it exists (its start ticks after the host's boot time). */
    public static OptionalLong of(ProcFs proc, long pid) {
        OptionalLong boot = proc.bootTime();
        return proc.stat(pid)
                .filter(s -> boot.isPresent())
                .map(s -> OptionalLong.of(boot.getAsLong() + s.startTicks() / TICKS_PER_SECOND))
                .orElse(OptionalLong.empty());
    }
}
