package hooks;

import java.io.PrintWriter;
import java.util.List;
import joptsimple.OptionParser;
import joptsimple.OptionSet;

/** {@code erestart.criu}: LSF's restart method, run as {@code erestart.criu [-c] [-f] <restart dir>}. */
public final class ErestartCriu extends Program {
    public ErestartCriu() {
        super("erestart.criu");
    }

    public static void main(String[] args) {
        exit(new ErestartCriu(), args);
    }

    /** Parses LSF's argv and returns the restart directory argument. */
    static String parse(String... args) {
        OptionParser parser = new OptionParser();
        parser.accepts("c");
        parser.accepts("f");
        OptionSet set = parser.parse(args);
        List<?> rest = set.nonOptionArguments();
        if (rest.size() != 1) {
            throw new UsageException("expected one restart directory after the options, found " + rest.size());
        }
        return rest.get(0).toString();
    }

    @Override
    protected String usage() {
        return "usage: erestart.criu [-c] [-f] <restart dir>\n"
                + "LSF's restart method for CRIU: writes $LSB_CHKPNT_DIR/.restart_cmd for brestart.";
    }

    @Override
    protected ExitCode execute(PrintWriter out, PrintWriter err, String... args) {
        String dir = parse(args);
        return unavailable(err, "restart from " + dir);
    }
}
