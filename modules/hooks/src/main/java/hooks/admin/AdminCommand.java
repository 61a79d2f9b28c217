package hooks.admin;

import hooks.cli.ExitCode;
import hooks.cli.Program;
import hooks.cli.UsageException;
import hooks.doctor.DoctorCommand;
import hooks.system.ImageLayout;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code lsf-criu}: the administrator's command; its subcommands are listed by {@code --help}. */
public final class AdminCommand extends Program {
    private final List<Subcommand> commands;

    public AdminCommand(ImageLayout layout, Map<String, String> environment) {
        super("lsf-criu");
        this.commands = List.of(
                new ConfigCommand(layout),
                new StatusCommand(),
                new ExplainCommand(layout, environment, () -> System.currentTimeMillis() / 1000),
                new DoctorCommand(layout),
                new SimulateCommand(layout, environment),
                new SweepCommand(hooks.system.Toolkit.system(environment)),
                new ReportCommand(hooks.system.Toolkit.system(environment)),
                new ProbeCommand(hooks.system.Toolkit.system(environment)));
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
        StringBuilder b = new StringBuilder(
                "usage: lsf-criu <command> [options]\n       lsf-criu --version | --help\n" + "commands:\n");
        commands.forEach(c -> b.append("  ").append(c.help()).append('\n'));
        return b.toString().stripTrailing();
    }

    @Override
    protected int status(PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Subcommand command = commands.stream()
                .filter(c -> c.name().equals(args[0]))
                .findFirst()
                .orElseThrow(() -> new UsageException("unknown command '" + args[0] + "'"));
        if (rest.length == 1 && (rest[0].equals("--help") || rest[0].equals("-h"))) {
            out.println("usage: lsf-criu " + command.help());
            return ExitCode.OK.code();
        }
        return command.run(out, err, rest);
    }
}
