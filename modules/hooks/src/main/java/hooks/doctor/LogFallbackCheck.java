package hooks.doctor;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/**
 * Whether this host's {@code LOG_FALLBACK} can receive a job's log lines when its checkpoint
 * directory cannot (full, unwritable, or a watchdog's directory gone): on a host without
 * {@code /dev/log}, syslog takes none, and they are lost without a word. Pure but for looking at
 * the target.
 */
final class LogFallbackCheck {
    static final String NAME = "log fallback";

    private LogFallbackCheck() {}

    /** The check of fallback {@code target} ({@code syslog}, {@code none} or a path), {@code devLog} being this host's syslog socket. */
    static Check of(String target, Path devLog) {
        switch (target) {
            case "none":
                return Check.warn(
                        NAME,
                        "LOG_FALLBACK=none: a job's lines that cannot go to its checkpoint directory are dropped",
                        "set LOG_FALLBACK=syslog, or a file every job user may append to");
            case "syslog":
            case "":
                return Files.exists(devLog)
                        ? Check.pass(NAME, "syslog (" + devLog + ")")
                        : Check.warn(
                                NAME,
                                "LOG_FALLBACK=syslog, but this host has no " + devLog
                                        + ": a job's lines that cannot go to its checkpoint directory are lost",
                                "run a syslog daemon (journald, rsyslog), or set LOG_FALLBACK to a file");
            default:
                return file(Path.of(target));
        }
    }

    private static Check file(Path file) {
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                return Check.warn(NAME, file + " is not a regular file: no line reaches it", "create it as a file");
            }
            if (!a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                return Check.warn(
                        NAME,
                        file + " is not writable by every job user: their lines are lost",
                        "install -m 0622 /dev/null " + file + " && chattr +a " + file);
            }
            return Check.pass(NAME, file + " (any job user can append)");
        } catch (java.io.IOException e) {
            return Check.warn(
                    NAME,
                    "LOG_FALLBACK=" + file + " does not exist: lines are lost",
                    "install -m 0622 /dev/null " + file + " && chattr +a " + file);
        }
    }
}
