package hooks.programs;

import criu.invoke.process.ChildRunner;
import hooks.cli.ConsoleLog;
import hooks.cli.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A job's record of what lsf-criu did: {@code lsf-criu.log} (one line per step, for people) and
 * {@code lsf-criu.events.jsonl} (one JSON object per event, for tools) in the checkpoint directory,
 * appended line by line (LSF throws the programs' own output away). Every line also goes to the
 * program's {@link ConsoleLog} (tinylog, to stderr, unless that is /dev/null). Files are opened without following symlinks: POST_EXEC may run as root
 * in a directory the job user owns.
 */
public final class JobLog {
    /** The text log's name in the checkpoint directory. */
    public static final String LOG = lsf.env.CheckpointDir.LOG;
    /** The event file's name in the checkpoint directory. */
    public static final String EVENTS = lsf.env.CheckpointDir.EVENTS;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    /**
     * Where a log line goes when the checkpoint directory cannot be written (full, unwritable, gone):
     * somewhere an administrator can still find out why a job was killed.
     */
    @FunctionalInterface
    public interface Fallback {
        void write(String line);

        /** This host's syslog, through {@code logger} (tag lsf-criu) run by {@code children}, bounded to 5 s. */
        static Fallback syslog(ChildRunner children) {
            return line -> children.run(
                    java.util.List.of("/usr/bin/logger", "-t", "lsf-criu", "-p", "user.warning", "--", line),
                    null,
                    java.time.Duration.ofSeconds(5),
                    Optional.empty());
        }

        /** Lines are dropped (the site chose {@code LOG_FALLBACK=none}); stderr still has them. */
        Fallback NONE = line -> {};

        /**
         * Appends to {@code file}, one line each; the site creates it writable for every job user. It is
         * never created here nor followed through a symlink; when it cannot be written the line is lost.
         */
        static Fallback file(Path file) {
            return line -> {
                try (FileChannel ch = FileChannel.open(
                        file, java.util.Set.of(StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS))) {
                    ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
                } catch (IOException | RuntimeException e) {
                    ConsoleLog.TINYLOG.warn("cannot append to the log fallback {}: {}", file, e);
                }
            };
        }

        /** The fallback a {@code LOG_FALLBACK} value names (a valid value: the configuration checked it). */
        static Fallback of(String target, ChildRunner children) {
            return switch (target) {
                case "none" -> NONE;
                case "syslog", "" -> syslog(children);
                default -> file(Path.of(target));
            };
        }

        /**
         * The site's {@code LOG_FALLBACK}, read only when a line needs it; syslog when the configuration
         * itself cannot be read (its error is then the very line to keep).
         */
        static Fallback configured(
                java.util.function.Supplier<lsf.env.config.SiteConfig> config, ChildRunner children) {
            return line -> {
                String target;
                try {
                    target = config.get().text(lsf.env.config.ConfigKey.LOG_FALLBACK);
                } catch (RuntimeException e) {
                    target = "syslog";
                }
                of(target, children).write(line);
            };
        }
    }

    /**
     * What else hears of each event besides the event file: this host's metrics, the site's notification
     * command. A listener never throws into the program (what goes wrong it writes to the log).
     */
    public interface Listener {
        /** The event just recorded (or relayed: another program of the job recorded it). */
        void on(JobLog log, Map<String, Object> event);

        /** The program is done with the job: what was put off until then (a notification) happens now. */
        default void finish(JobLog log) {}
    }

    private final java.util.List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final String program;
    private final String job;
    private final Optional<Path> dir;
    private final Fallback fallback;
    private final Clock clock;
    private final ConsoleLog console;

    /**
     * A job log whose fallback is the site's {@code LOG_FALLBACK} setting (syslog's {@code logger} run by
     * {@code children}); lines take their time from {@code clock} and go to {@code console} too.
     */
    public JobLog(
            String program,
            String job,
            Optional<Path> checkpointDir,
            java.util.function.Supplier<lsf.env.config.SiteConfig> config,
            ChildRunner children,
            Clock clock,
            ConsoleLog console) {
        this(program, job, checkpointDir, Fallback.configured(config, children), clock, console);
    }

    JobLog(String program, String job, Optional<Path> checkpointDir, Fallback fallback, Clock clock) {
        this(program, job, checkpointDir, fallback, clock, ConsoleLog.TINYLOG);
    }

    JobLog(
            String program,
            String job,
            Optional<Path> checkpointDir,
            Fallback fallback,
            Clock clock,
            ConsoleLog console) {
        this.program = program;
        this.job = job;
        this.dir = checkpointDir;
        this.fallback = fallback;
        this.clock = clock;
        this.console = console;
    }

    public void info(String message) {
        console.info("{} {}: {}", program, job, message);
        line("INFO", message);
    }

    public void warn(String message) {
        console.warn("{} {}: {}", program, job, message);
        line("WARN", message);
    }

    public void error(String message) {
        console.error("{} {}: {}", program, job, message);
        line("ERROR", message);
    }

    /** Appends one event: its type and fields, with the time, program and job. */
    public void event(String type, Map<String, Object> fields) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", TIME.format(clock.instant()));
        e.put("program", program);
        e.put("job", job);
        e.put("pid", ProcessHandle.current().pid());
        e.put("event", type);
        e.putAll(fields);
        append(EVENTS, Json.compact(e) + "\n");
        relay(e);
    }

    /** Adds a listener for the events from now on; returns this log. */
    public JobLog listen(Listener listener) {
        listeners.add(listener);
        return this;
    }

    /** Passes an event to the listeners without recording it: one another program of the job recorded. */
    public void relay(Map<String, Object> event) {
        for (Listener l : listeners) {
            try {
                l.on(this, event);
            } catch (RuntimeException ex) {
                console.warn("{} {}: a listener of event {} failed: {}", program, job, event.get("event"), ex);
            }
        }
    }

    /** The program is done with the job: the listeners do what they put off. */
    public void finish() {
        for (Listener l : listeners) {
            try {
                l.finish(this);
            } catch (RuntimeException ex) {
                console.warn("{} {}: a listener failed at the end: {}", program, job, ex);
            }
        }
    }

    private void line(String level, String message) {
        append(
                LOG,
                TIME.format(clock.instant()) + " " + level + " ["
                        + ProcessHandle.current().pid() + "] " + program + " " + job + ": " + message.replace('\n', ' ')
                        + "\n");
    }

    private void append(String name, String text) {
        if (dir.isEmpty()) {
            return;
        }
        Path file = dir.get().resolve(name);
        try (FileChannel ch = FileChannel.open(
                file,
                java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            console.warn("{} {}: cannot append to {}: {}", program, job, file, e);
            if (name.equals(LOG)) {
                fallback.write(program + " " + job + ": " + text.strip() + " (cannot write " + file + ": " + e + ")");
            }
        }
    }
}
