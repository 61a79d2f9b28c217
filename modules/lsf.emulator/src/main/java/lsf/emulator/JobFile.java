package lsf.emulator;

import java.util.Map;
import java.util.TreeMap;

/**
 * The job file LSF writes and runs with {@code /bin/sh}: the environment, {@code $LSB_TRAPSIGS}
 * (sbatchd sets it to {@code trap # 15 10 12 2 1}: the job file's shell catches SIGTERM, SIGUSR1,
 * SIGUSR2, SIGINT and SIGHUP with a no-op, so that they reach the user's command and the job ends
 * with the command's status, as in OpenLava's job files), the {@code # LSBATCH: User input} line, the user's command (through the JOB_STARTER when the queue has
 * one), and the lines that pass the command's exit status on. On restart the command is replaced
 * by the restart command of {@code .restart_cmd}. Pure.
 */
final class JobFile {
    /** What sbatchd puts in {@code LSB_TRAPSIGS} (OpenLava: SIGTERM, SIGUSR1, SIGUSR2, SIGINT, SIGHUP). */
    static final String TRAPSIGS = "trap # 15 10 12 2 1";

    private JobFile() {}

    static String text(Map<String, String> env, String command) {
        StringBuilder b = new StringBuilder("#! /bin/sh\n\n");
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                b.append(e.getKey())
                        .append("='")
                        .append(e.getValue().replace("'", "'\\''"))
                        .append("'; export ")
                        .append(e.getKey())
                        .append('\n');
            }
        }
        b.append("$LSB_TRAPSIGS\n");
        b.append("# LSBATCH: User input\n");
        b.append(command).append('\n');
        b.append("ExitStat=$?\n");
        b.append("# LSBATCH: End user input\n");
        b.append("exit $ExitStat\n");
        return b.toString();
    }

    /** The user command line of a job: through the job starter when there is one. */
    static String userCommand(String command, String jobStarter) {
        return jobStarter.isEmpty() ? command : jobStarter + " '" + command.replace("'", "'\\''") + "'";
    }
}
