package lsf.emulator;

import java.util.Map;
import java.util.TreeMap;

/**
 * The job file LSF writes and runs with {@code /bin/sh}: the environment, the
 * {@code # LSBATCH: User input} line, the user's command (through the JOB_STARTER when the queue has
 * one), and the lines that pass the command's exit status on. On restart the command is replaced
 * by the restart command of {@code .restart_cmd}. Pure.
 */
final class JobFile {
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
