package lsf.env;

import java.time.Duration;
import java.util.List;

/**
 * Runs an external command to completion or timeout. This module starts no process of its own: the
 * caller supplies the runner (lsf-criu's programs use criu.invoke's one process runner), and tests a
 * scripted one.
 */
@FunctionalInterface
public interface CommandRunner {
    /**
     * Runs {@code command} with this process's environment, stdin from /dev/null, for at most
     * {@code timeout}; never throws for a command that cannot start (that is exit status 127).
     */
    CommandResult run(List<String> command, Duration timeout);
}
