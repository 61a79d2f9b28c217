package criu.invoke;

import criu.invoke.process.CriuResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How a dump ended. Only {@link Status#DUMPED} means a complete image is current; every other
 * status left the previous generation current and removed the partial one.
 */
public record DumpOutcome(
        Status status,
        String message,
        Optional<Path> generation,
        Optional<Long> rootPid,
        Map<String, Long> stats,
        Optional<CriuResult> criu) {
    public DumpOutcome {
        stats = Map.copyOf(stats);
    }

    /** The possible endings. */
    public enum Status {
        DUMPED,
        NO_DUMP_ROOT,
        /** The tree holds a task with capabilities or of another user: not dumped. */
        REFUSED,
        CRIU_FAILED,
        CRIU_TIMED_OUT,
        INCOMPLETE_IMAGE,
        IO_ERROR,
        /** Every dump slot stayed busy until the checkpoint's deadline (storm control): criu never ran. */
        NO_DUMP_SLOT
    }

    public boolean dumped() {
        return status == Status.DUMPED;
    }

    /** A dump that failed with {@code status}: {@code message} says why, {@code root} and {@code criu} what was known. */
    public static DumpOutcome failed(Status status, String message, Optional<Long> root, Optional<CriuResult> criu) {
        return new DumpOutcome(status, message, Optional.empty(), root, Map.of(), criu);
    }
}
