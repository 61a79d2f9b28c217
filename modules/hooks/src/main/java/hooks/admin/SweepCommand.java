package hooks.admin;

import checkpoint.store.StateFile;
import criu.invoke.files.UserFiles;
import criu.invoke.image.CheckpointRoot;
import criu.invoke.image.Generations;
import criu.invoke.process.CriuResult;
import hooks.cli.ExitCode;
import hooks.cli.UsageException;
import hooks.system.Toolkit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import lsf.env.CheckpointDir;

/**
 * {@code lsf-criu sweep <checkpoint root>}: removes the image generations of job directories whose
 * chain LSF no longer runs or holds ({@link SweepDecision}); state, log, events and summaries stay.
 * When LSF gives no answer, nothing is removed. It never follows a link nor leaves the root; as
 * root it removes each directory's images as the directory's owner ({@code setpriv}, one child per
 * owner running {@code sweep --as-owner}). Meant for cron.
 */
public final class SweepCommand implements Subcommand {
    /** How many job ids one {@code bjobs} call asks about. */
    static final int BATCH = 200;

    private final Toolkit toolkit;

    public SweepCommand(Toolkit toolkit) {
        this.toolkit = toolkit;
    }

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public String help() {
        return "sweep <checkpoint root> [--older-than DAYS] [--quiet-minutes M] [--dry-run] [--json]\n"
                + "                          removes the images of job directories LSF no longer runs or holds (for cron)";
    }

    /** One directory of the root, what was decided and what was freed. */
    record Row(CheckpointRoot.JobDirectory dir, SweepDecision decision, long freed) {}

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        OptionParser p = new OptionParser();
        OptionSpec<String> older = p.accepts("older-than").withRequiredArg();
        OptionSpec<String> quiet = p.accepts("quiet-minutes").withRequiredArg();
        p.accepts("dry-run");
        p.accepts("json");
        p.accepts("as-owner");
        OptionSet set = p.parse(args);
        List<String> operands =
                set.nonOptionArguments().stream().map(Object::toString).toList();
        if (set.has("as-owner")) {
            return asOwner(out, operands);
        }
        if (operands.size() != 1) {
            throw new UsageException("sweep takes one checkpoint root, found " + operands.size());
        }
        long days = set.has(older) ? wholeNumber("--older-than", set.valueOf(older)) : 0;
        long minutes =
                set.has(quiet) ? wholeNumber("--quiet-minutes", set.valueOf(quiet)) : SweepDecision.QUIET_MINUTES;
        long uid = toolkit.proc().uid();
        Optional<List<CheckpointRoot.JobDirectory>> scanned = scan(toolkit, operands.get(0), err, "lsf-criu sweep");
        if (scanned.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        List<CheckpointRoot.JobDirectory> dirs = scanned.get();
        Optional<List<Row>> decided = decide(toolkit, dirs, days, minutes, err, "lsf-criu sweep");
        if (decided.isEmpty()) {
            return ExitCode.FAILED.code();
        }
        List<Row> rows = new ArrayList<>(decided.get());
        Map<Integer, List<Path>> byOwner = new TreeMap<>();
        for (Row r : rows) {
            if (r.decision().remove()) {
                byOwner.computeIfAbsent(r.dir().uid(), k -> new ArrayList<>())
                        .add(r.dir().dir());
            }
        }
        Map<Path, Long> freed = set.has("dry-run") ? Map.of() : remove(byOwner, uid, err);
        rows.replaceAll(
                r -> new Row(r.dir(), r.decision(), freed.getOrDefault(r.dir().dir(), 0L)));
        SweepReport.print(out, rows, set.has("dry-run"), set.has("json"));
        return ExitCode.OK.code();
    }

    /**
     * What sweep decides for each of {@code dirs}, LSF asked about their chains ({@code bjobs}, {@value
     * #BATCH} ids a call); empty when LSF gave no answer ({@code err} says about which jobs).
     */
    static Optional<List<Row>> decide(
            Toolkit toolkit,
            List<CheckpointRoot.JobDirectory> dirs,
            long days,
            long minutes,
            PrintWriter err,
            String who) {
        Map<Path, List<Long>> chains = new LinkedHashMap<>();
        List<Long> ids = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (CheckpointRoot.JobDirectory d : dirs) {
            if (d.imageBytes() > 0) {
                List<Long> chain = chain(d);
                chains.put(d.dir(), chain);
                chain.stream().filter(seen::add).forEach(ids::add);
            }
        }
        Map<Long, String> states = new TreeMap<>();
        for (int i = 0; i < ids.size(); i += BATCH) {
            Optional<Map<Long, String>> answer =
                    toolkit.lsf().apply(toolkit.config()).jobStates(ids.subList(i, Math.min(ids.size(), i + BATCH)));
            if (answer.isEmpty()) {
                err.println(who + ": bjobs gave no answer about jobs " + ids.subList(i, Math.min(ids.size(), i + BATCH))
                        + ": nothing removed");
                return Optional.empty();
            }
            states.putAll(answer.get());
        }
        long now = toolkit.clock().millis();
        List<Row> rows = new ArrayList<>();
        for (CheckpointRoot.JobDirectory d : dirs) {
            rows.add(new Row(
                    d, SweepDecision.of(d, chains.getOrDefault(d.dir(), List.of()), states, now, days, minutes), 0));
        }
        return Optional.of(rows);
    }

    /**
     * The job directories below the checkpoint root {@code operand} (as root every user's, else this
     * user's own); empty, with one line on {@code err}, when it is no real directory or cannot be listed.
     */
    static Optional<List<CheckpointRoot.JobDirectory>> scan(
            Toolkit toolkit, String operand, PrintWriter err, String who) {
        Path root = Path.of(operand).toAbsolutePath().normalize();
        if (Files.isSymbolicLink(root) || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            err.println(who + ": " + root + " is not a directory (or is a link)");
            return Optional.empty();
        }
        long uid = toolkit.proc().uid();
        try {
            return Optional.of(new CheckpointRoot(root, List.of(CheckpointDir.STATE, CheckpointDir.EVENTS))
                    .scan(owner -> uid == 0 || owner == uid));
        } catch (IOException e) {
            err.println(who + ": cannot list " + root + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A count of days or minutes, 0 allowed; anything else is a usage error naming the option. */
    static long wholeNumber(String option, String value) {
        if (!value.matches("[0-9]{1,6}")) {
            throw new UsageException(option + " '" + value + "' must be a whole number from 0 to 999999");
        }
        return Long.parseLong(value);
    }

    /** The job ids of a directory's chain: its name, and the job its state is for (a restart's new id). */
    static List<Long> chain(CheckpointRoot.JobDirectory d) {
        List<Long> chain = new ArrayList<>();
        if (d.name().matches("[0-9]{1,12}")) {
            chain.add(Long.parseLong(d.name()));
        }
        try {
            new StateFile(d.dir())
                    .read()
                    .map(s -> s.jobId())
                    .filter(id -> !chain.contains(id))
                    .ifPresent(chain::add);
        } catch (RuntimeException e) {
            // an unreadable state names no job: the directory's own id decides
        }
        return chain;
    }

    /** Removes the images of {@code byOwner}'s directories, each as its owner; the bytes freed per directory. */
    private Map<Path, Long> remove(Map<Integer, List<Path>> byOwner, long uid, PrintWriter err) {
        Map<Path, Long> freed = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Path>> e : byOwner.entrySet()) {
            if (e.getKey() == uid) {
                e.getValue().forEach(d -> deleteOwn(d, uid).ifPresent(b -> freed.put(d, b)));
                continue;
            }
            List<String> argv = new ArrayList<>(List.of(
                    "/usr/bin/setpriv",
                    "--reuid=" + e.getKey(),
                    "--regid=" + group(e.getKey()),
                    "--init-groups",
                    "--",
                    toolkit.layout().home().resolve("bin/lsf-criu").toString(),
                    "sweep",
                    "--as-owner"));
            e.getValue().forEach(d -> argv.add(d.toString()));
            CriuResult r = toolkit.children().run(argv, null, Duration.ofMinutes(10), Optional.empty());
            if (!r.succeeded()) {
                err.println("lsf-criu sweep: removing uid " + e.getKey() + "'s images failed: " + r.describe());
            }
            for (String line : r.stdout().split("\n")) {
                String[] w = line.split(" ", 3);
                if (w.length == 3 && w[0].equals("freed") && w[1].matches("[0-9]{1,19}")) {
                    freed.put(Path.of(w[2]), Long.parseLong(w[1]));
                }
            }
        }
        return freed;
    }

    /** {@code --as-owner <dir>...}: removes the images of directories this user owns; prints "freed N dir". */
    private int asOwner(PrintWriter out, List<String> dirs) {
        long uid = toolkit.proc().uid();
        for (String d : dirs) {
            deleteOwn(Path.of(d), uid).ifPresent(b -> out.println("freed " + b + " " + d));
        }
        return ExitCode.OK.code();
    }

    private static Optional<Long> deleteOwn(Path dir, long uid) {
        if (UserFiles.ownedDirectoryRefusal(dir, uid).isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Generations(dir).deleteAll());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String group(int uid) {
        CriuResult r = toolkit.children()
                .run(
                        List.of("/usr/bin/id", "-g", Integer.toString(uid)),
                        null,
                        Duration.ofSeconds(10),
                        Optional.empty());
        String g = r.stdout().strip();
        return r.succeeded() && g.matches("[0-9]{1,10}") ? g : Integer.toString(uid);
    }
}
