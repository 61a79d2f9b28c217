package hooks;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code lsf-criu}: the administrator's command; its subcommands are listed by {@code --help}. */
public final class AdminCommand extends Program {
    private final List<Subcommand> commands;
    private final SimulateCommand simulate;
    private final DoctorCommand doctor;

    public AdminCommand(ImageLayout layout, Map<String, String> environment) {
        super("lsf-criu");
        this.simulate = new SimulateCommand(layout, environment);
        this.doctor = new DoctorCommand(layout);
        this.commands = List.of(new ConfigCommand(layout), new StatusCommand(),
                new ExplainCommand(layout, environment, () -> System.currentTimeMillis() / 1000), doctor, simulate);
    }

    /**
     * The exit status: {@code simulate} exits with the simulated job's, {@code doctor} with its
     * verdict (0 pass, 1 warnings, 2 failures).
     */
    @Override
    protected int exitStatus(ExitCode code, String... args) {
        if (code != ExitCode.OK || args.length == 0) {
            return code.code();
        }
        return args[0].equals("simulate") ? simulate.jobExit() : args[0].equals("doctor") ? doctor.status() : 0;
    }

    public static void main(String[] args) {
        exit(new AdminCommand(ImageLayout.running(), System.getenv()), args);
    }

    @Override
    protected boolean logsEveryRun() {
        return false;
    }

    @Override
    protected String usage() {
        StringBuilder b = new StringBuilder("usage: lsf-criu <command> [options]\n       lsf-criu --version | --help\n"
                + "commands:\n");
        commands.forEach(c -> b.append("  ").append(c.help()).append('\n'));
        return b.toString().stripTrailing();
    }

    @Override
    protected ExitCode execute(PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Subcommand command = commands.stream().filter(c -> c.name().equals(args[0])).findFirst()
                .orElseThrow(() -> new UsageException("unknown command '" + args[0] + "'"));
        if (rest.length == 1 && (rest[0].equals("--help") || rest[0].equals("-h"))) {
            out.println("usage: lsf-criu " + command.help());
            return ExitCode.OK;
        }
        return command.run(out, err, rest);
    }
}
