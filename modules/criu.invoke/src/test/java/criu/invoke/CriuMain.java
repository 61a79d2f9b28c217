package criu.invoke;

import java.nio.file.Path;

/**
 * Runs the dump and restore steps of {@link RealCriu} in a JVM of its own, so that a test can run
 * them as the ordinary test user: {@code dump <chkdir> <pgid>} prints the outcome,
 * {@code restore <chkdir>} prints the restored root's pid.
 */
public final class CriuMain {
    private CriuMain() {}

    public static void main(String[] args) throws Exception {
        RealCriu criu = RealCriu.inProcess(!"root".equals(System.getProperty("user.name")));
        if (args[0].equals("dump")) {
            DumpOutcome o = criu.dump(
                    Path.of(args[1]),
                    Long.parseLong(args[2]),
                    args.length > 3 && args[3].equals("keep")
                            ? CriuCommand.AfterDump.KEEP_RUNNING
                            : CriuCommand.AfterDump.LEAVE_STOPPED);
            System.out.println(o.status() + " " + o.rootPid().orElse(0L) + " " + o.message());
        } else {
            System.out.println(criu.restore(Path.of(args[1])));
        }
    }
}
