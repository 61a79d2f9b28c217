package hooks.admin;

import checkpoint.store.JsonText;
import criu.invoke.files.UserFiles;
import criu.invoke.image.CheckpointRoot;
import hooks.cli.ExitCode;
import hooks.cli.Json;
import hooks.cli.UsageException;
import hooks.system.Toolkit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import lsf.env.CheckpointDir;

/**
 * {@code lsf-criu report <checkpoint root> [--since DATE] [--json]}: one table across every job
 * directory below the root ({@link FleetReport}). It reads each job's event file once (a regular file,
 * not through a link, bounded in size), stats the images without opening them, never follows a link
 * nor leaves the root, and asks LSF about the chains with images only as sweep would ({@code bjobs},
 * in batches), to say what sweep would free. Run by root it covers every user's directories; by a
 * user, their own.
 */
public final class ReportCommand implements Subcommand {
    /** The most of one job's event file read. */
    static final int MAX_EVENTS_BYTES = 8 << 20;

    private final Toolkit toolkit;

    public ReportCommand(Toolkit toolkit) {
        this.toolkit = toolkit;
    }

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String help() {
        return "report <checkpoint root> [--since DATE] [--json]\n"
                + "                          checkpoints, restores, restarts, images per user and what sweep would free, across every job";
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        OptionParser p = new OptionParser();
        OptionSpec<String> sinceOption = p.accepts("since").withRequiredArg();
        p.accepts("json");
        OptionSet set = p.parse(args);
        List<String> operands =
                set.nonOptionArguments().stream().map(Object::toString).toList();
        if (operands.size() != 1) {
            throw new UsageException("report takes one checkpoint root, found " + operands.size());
        }
        Optional<Instant> since =
                set.has(sinceOption) ? Optional.of(since(set.valueOf(sinceOption))) : Optional.empty();
        Optional<List<CheckpointRoot.JobDirectory>> scanned =
                SweepCommand.scan(toolkit, operands.get(0), err, "lsf-criu report");
        if (scanned.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        List<CheckpointRoot.JobDirectory> dirs = scanned.get();
        String root = Path.of(operands.get(0)).toAbsolutePath().normalize().toString();
        FleetReport report = new FleetReport(since);
        Map<Integer, String> owners = new HashMap<>();
        for (CheckpointRoot.JobDirectory d : dirs) {
            report.add(d, owners.computeIfAbsent(d.uid(), u -> owner(d.dir(), u)), events(d.dir()));
        }
        StringWriter lsfErrors = new StringWriter();
        Optional<List<SweepCommand.Row>> rows;
        try {
            rows = SweepCommand.decide(
                    toolkit, dirs, 0, SweepDecision.QUIET_MINUTES, new PrintWriter(lsfErrors, true), "lsf-criu report");
        } catch (RuntimeException e) {
            lsfErrors.write("lsf-criu report: LSF cannot be asked: " + e.getMessage());
            rows = Optional.empty();
        }
        report.sweep(rows);
        if (!lsfErrors.toString().isBlank()) {
            err.println(
                    lsfErrors.toString().strip().replace(": nothing removed", ": what sweep would free is unknown"));
        }
        if (set.has("json")) {
            out.println(Json.pretty(report.document()));
        } else {
            report.print(out, root);
        }
        return ExitCode.OK.code();
    }

    /** --since: a date (its start, UTC) or an instant. */
    static Instant since(String value) {
        try {
            return value.matches("\\d{4}-\\d{2}-\\d{2}")
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (RuntimeException e) {
            throw new UsageException(
                    "--since '" + value + "' must be a date (2026-12-01) or an instant (2026-12-01T08:00:00Z)");
        }
    }

    /** A job's events: none when it has no event file, null when it has one that cannot be read. */
    private static List<Map<String, Object>> events(Path dir) {
        Path f = dir.resolve(CheckpointDir.EVENTS);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Optional<String> text = UserFiles.readIfPresent(f, MAX_EVENTS_BYTES);
        if (text.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : text.get().split("\n")) {
            JsonText.object(line).ifPresent(events::add);
        }
        return events;
    }

    private static String owner(Path dir, int uid) {
        try {
            return Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException e) {
            return "uid " + uid;
        }
    }
}
