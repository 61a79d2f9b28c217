package hooks;

import java.io.PrintWriter;
import java.util.List;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;

/**
 * {@code echkpnt.criu}: LSF's checkpoint method, run as
 * {@code echkpnt.criu [-c] [-f] [-k] [-s] -d <jobid>.tmp <PGID>}.
 */
public final class EchkpntCriu extends Program {
    /** The arguments LSF passes, parsed. */
    record Arguments(boolean kill, boolean force, boolean stop, String directory, long pgid) {}

    public EchkpntCriu() {
        super("echkpnt.criu");
    }

    public static void main(String[] args) {
        exit(new EchkpntCriu(), args);
    }

    /** Parses LSF's argv; throws {@link UsageException} with the reason when it is not LSF's. */
    static Arguments parse(String... args) {
        OptionParser parser = new OptionParser();
        parser.accepts("c");
        parser.accepts("f");
        parser.accepts("k");
        parser.accepts("s");
        OptionSpec<String> dir = parser.accepts("d").withRequiredArg().required();
        OptionSet set = parser.parse(args);
        List<?> rest = set.nonOptionArguments();
        if (rest.size() != 1) {
            throw new UsageException("expected one process group id after the options, found " + rest.size()
                    + " (usage: echkpnt.criu [-c] [-f] [-k] [-s] -d <dir> <PGID>)");
        }
        long pgid = PositiveNumber.parse("PGID", rest.get(0).toString());
        return new Arguments(set.has("k"), set.has("f"), set.has("s"), set.valueOf(dir), pgid);
    }

    @Override
    protected String usage() {
        return "usage: echkpnt.criu [-c] [-f] [-k] [-s] -d <jobid>.tmp <PGID>\n"
                + "LSF's checkpoint method for CRIU: LSF runs it for bchkpnt; -k kills the job after the dump.";
    }

    @Override
    protected ExitCode execute(PrintWriter out, PrintWriter err, String... args) {
        Arguments a = parse(args);
        return unavailable(err, "checkpoint of process group " + a.pgid());
    }
}
