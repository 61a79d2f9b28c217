package hooks.cli;

import java.util.List;
import joptsimple.OptionParser;
import joptsimple.OptionSet;

/** A subcommand's {@code [--json]} option and its exactly {@code operands} operands. */
public record JsonFlag(boolean json, List<String> operands) {
    public static JsonFlag parse(String command, int operands, String... args) {
        OptionParser parser = new OptionParser();
        parser.accepts("json");
        OptionSet set = parser.parse(args);
        List<String> rest =
                set.nonOptionArguments().stream().map(Object::toString).toList();
        if (rest.size() != operands) {
            throw new UsageException(command + " takes " + (operands == 0 ? "no operand" : operands + " operand(s)")
                    + " besides --json, got " + rest.size());
        }
        return new JsonFlag(set.has("json"), rest);
    }
}
