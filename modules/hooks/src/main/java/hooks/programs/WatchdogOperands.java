package hooks.programs;

import hooks.cli.NoArguments;
import hooks.cli.UsageException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The arguments of {@code lsf-criu-terminate}: none when LSF runs it as the TERMINATE action;
 * {@code --watchdog [--until=<epoch ms>] [<pid>:<start ticks>...]} when its watchdog does. Watchdogs
 * armed by builds before the deadline had no {@code --until}. Pure.
 *
 * @param watchdog whether this run is the watchdog's
 * @param until the deadline the watchdog waits for (empty: none, it looks at the job at once)
 * @param armedFor the job's processes the watchdog was armed for, as {@code <pid>:<start ticks>}
 */
record WatchdogOperands(boolean watchdog, OptionalLong until, List<String> armedFor) {
    /** The operand that names the watchdog's deadline (epoch milliseconds). */
    static final String UNTIL = "--until=";

    /** Parses the arguments; throws {@link UsageException} with the reason when they are not the action's or the watchdog's. */
    static WatchdogOperands parse(String... args) {
        boolean watchdog = args.length >= 1 && args[0].equals("--watchdog");
        if (!watchdog) {
            NoArguments.check(args);
            return new WatchdogOperands(false, OptionalLong.empty(), List.of());
        }
        List<String> armedFor = List.of(args).subList(1, args.length);
        OptionalLong until = OptionalLong.empty();
        if (!armedFor.isEmpty() && armedFor.get(0).startsWith(UNTIL)) {
            String at = armedFor.get(0).substring(UNTIL.length());
            if (!at.matches("\\d{1,16}")) {
                throw new UsageException("--until takes the deadline in epoch milliseconds, got " + at);
            }
            until = OptionalLong.of(Long.parseLong(at));
            armedFor = armedFor.subList(1, armedFor.size());
        }
        if (armedFor.stream().anyMatch(a -> !a.matches("\\d{1,10}:\\d{1,19}"))) {
            throw new UsageException("--watchdog takes <pid>:<start ticks> operands, got " + armedFor);
        }
        return new WatchdogOperands(true, until, armedFor);
    }
}
