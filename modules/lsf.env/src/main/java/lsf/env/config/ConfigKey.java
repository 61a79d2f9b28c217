package lsf.env.config;

/**
 * Every key {@code lsf-criu.conf} may hold, with its kind, default and allowed range. The one place
 * where a setting is defined: the parser, {@code lsf-criu explain}, the doctor and the README's
 * configuration reference all follow it.
 */
public enum ConfigKey {
    CRIU_BINARY(Kind.PATH, "/usr/sbin/criu", 0, 0, "Absolute path of the criu binary to run."),
    LSF_BINDIR(Kind.PATH, "", 0, 0, "Directory holding bchkpnt and brestart (POST_EXEC's PATH has none)."),
    LSF_PROFILE(
            Kind.PATH, "", 0, 0, "The site's profile.lsf; sourced with /bin/sh to find LSF_BINDIR when that is empty."),
    RESTART_LIMIT_DEFAULT(Kind.COUNT, "2", 0, 1000, "Restarts a job gets when it does not set ORUN_RESTART_LIMIT."),
    RESTART_LIMIT_MAX(Kind.COUNT, "10", 0, 1000, "Largest ORUN_RESTART_LIMIT a user may ask for; above it is clamped."),
    CHECKPOINT_TIMEOUT_DEFAULT(
            Kind.SECONDS,
            "180",
            1,
            86_400,
            "Seconds from 'checkpoint started' until the job is killed if no checkpoint ended it."),
    CHECKPOINT_TIMEOUT_MAX(Kind.SECONDS, "3600", 1, 86_400, "Largest ORUN_TIMEOUT_SECONDS a user may ask for."),
    KILL_POLL_TRIES_DEFAULT(Kind.COUNT, "10", 1, 1000, "Liveness polls (one a second) after each kill signal."),
    KILL_POLL_TRIES_MAX(Kind.COUNT, "100", 1, 1000, "Largest ORUN_KILL_POLL_TRIES a user may ask for."),
    JOB_TERMINATE_INTERVAL(
            Kind.SECONDS,
            "10",
            0,
            3600,
            "Seconds between SIGINT, SIGTERM and SIGKILL while the job is still alive (LSF's default 10)."),
    RUNLIMIT_WARNING_SIGNAL(
            Kind.SIGNAL,
            "USR2",
            0,
            0,
            "Signal a job that is not checkpointed gets at its run limit before it is killed, as LSF sends"
                    + " (USR2, as IBM LSF and OpenLava do); none: killed at once."),
    RUNLIMIT_WARNING_DELAY(
            Kind.SECONDS,
            "600",
            0,
            86_400,
            "Seconds from the run-limit warning to the kill (SIGINT, SIGTERM, SIGKILL) of a job that is still"
                    + " alive (LSF's 10 minutes); 0: killed at once."),
    CRIU_DUMP_TIMEOUT(Kind.SECONDS, "600", 1, 86_400, "criu dump is killed after this many seconds."),
    CRIU_RESTORE_TIMEOUT(Kind.SECONDS, "600", 1, 86_400, "criu restore is killed after this many seconds."),
    CRIU_DUMP_OPTIONS(Kind.WORDS, "", 0, 0, "Extra criu dump options, space-separated (e.g. --tcp-established)."),
    CRIU_RESTORE_OPTIONS(Kind.WORDS, "", 0, 0, "Extra criu restore options, space-separated."),
    PERIODIC_CHECKPOINT_MIN_INTERVAL(
            Kind.SECONDS,
            "30",
            0,
            86_400,
            "A checkpoint LSF asks for without -k (periodic, a plain bchkpnt) this soon after the newest"
                    + " generation is skipped: volclava's plain bchkpnt loops about three times a second; 0: never."),
    GENERATIONS_KEEP(Kind.COUNT, "2", 1, 100, "Checkpoint generations kept per job (the current one included)."),
    IMAGE_CHECKSUMS(Kind.FLAG, "N", 0, 0, "Y: record and verify a SHA-256 of every image file."),
    MIN_FREE_PERCENT(
            Kind.COUNT,
            "5",
            0,
            99,
            "Percent of the checkpoint filesystem every dump leaves free: a dump whose estimated image would"
                    + " take the free space below it does not start (the job is then killed as LSF kills it)."),
    MAX_IMAGE_MIB(
            Kind.COUNT,
            "0",
            0,
            1L << 30,
            "Largest estimated image, in MiB, one job may dump; a larger job is killed at its run limit as LSF"
                    + " kills it; 0: no cap."),
    USER_QUOTA_MIB(
            Kind.COUNT,
            "0",
            0,
            1L << 30,
            "MiB of checkpoint images one user may hold below a checkpoint root (the bsub -k directory), the"
                    + " new dump's estimate included; 0: no cap."),
    MAX_CONCURRENT_DUMPS(
            Kind.COUNT,
            "2",
            0,
            1000,
            "Dumps that run at once on a host; a checkpoint waits for a slot within its checkpoint timeout"
                    + " (a run-limit one is killed at its deadline if none frees up); 0: no limit."),
    DUMP_SLOTS_HOST_DIR(
            Kind.PATH,
            "/var/tmp/lsf-criu-dump-slots",
            0,
            0,
            "This host's dump slot files (locked, never read); created mode 1777 if missing: create it owned"
                    + " by root (install -d -m 1777)."),
    DUMP_SLOTS_DIR(
            Kind.PATH,
            "",
            0,
            0,
            "A directory every host shares, for a limit across the cluster (CLUSTER_MAX_CONCURRENT_DUMPS slot"
                    + " files, locked with fcntl: the filesystem must support locks); empty: no cluster limit."),
    CLUSTER_MAX_CONCURRENT_DUMPS(
            Kind.COUNT,
            "0",
            0,
            100_000,
            "Dumps that run at once across every host sharing DUMP_SLOTS_DIR; 0: no cluster limit."),
    KEEP_IMAGES_ON_END(
            Kind.FLAG,
            "N",
            0,
            0,
            "Y: a job's image generations stay when its chain ends (it finished, was killed at its limit, or"
                    + " used its restarts); N: they are deleted (state, log, events and summary stay)."),
    DEFAULT_OPT_IN_QUEUES(
            Kind.NAMES,
            "",
            0,
            0,
            "Queues (LSB_QUEUE; comma- or space-separated) whose jobs are checkpointed at their run limit and"
                    + " restarted unless they opt out with ENABLE_ORUN_CHKPNT=N (or ENABLE_ORUN_RESTART=N); empty: none."),
    RESTART_SAME_HOST(
            Kind.FLAG,
            "N",
            0,
            0,
            "Y: every restart asks LSF for the host that checkpointed the job (brestart -m); N: only a job with"
                    + " files open on a host-local filesystem (such as /tmp) does."),
    RESTORE_INTO_JOB_CGROUP(
            Kind.FLAG,
            "N",
            0,
            0,
            "Y: put the restored tree into the restarted job's cgroup (from /proc/self/cgroup) with criu --cgroup-root."),
    PID_FREE_WAIT(Kind.SECONDS, "30", 0, 3600, "Seconds a restore waits for the image's PIDs to be free."),
    LSF_COMMAND_TIMEOUT(Kind.SECONDS, "30", 1, 3600, "bchkpnt and brestart are killed after this long."),
    FILE_COPY_MAX_MIB(
            Kind.COUNT,
            "16",
            0,
            1_048_576,
            "Files the job has open for writing are recorded at each dump;"
                    + " those up to this many MiB are also copied, so that a restore can put back a file changed after the dump."),
    METRICS_DIR(
            Kind.PATH,
            "",
            0,
            0,
            "node_exporter's textfile collector directory: each job user's programs keep lsf_criu_<user>.prom there"
                    + " (create it mode 1777, owned by root); empty: no metrics."),
    NOTIFY_COMMAND(
            Kind.COMMAND,
            "",
            0,
            0,
            "Run as the job's user on a failed checkpoint or restore, a job out of restarts or killed for being"
                    + " uncheckpointable: an absolute path and its arguments (no shell), the event as JSON on stdin;"
                    + " empty: none."),
    NOTIFY_TIMEOUT(Kind.SECONDS, "20", 1, 600, "NOTIFY_COMMAND is killed after this long."),
    LOG_FALLBACK(
            Kind.LOG_TARGET,
            "syslog",
            0,
            0,
            "Where a job's log lines go when its checkpoint directory cannot be"
                    + " written: syslog, none, or the absolute path of a file the site created for every job user to append to.");

    /** What a key's value must look like. */
    public enum Kind {
        PATH,
        COUNT,
        SECONDS,
        WORDS,
        FLAG,
        LOG_TARGET,
        /** A signal's name without SIG (one a job may catch), or none. */
        SIGNAL,
        /** Names (letters, digits, {@code _ . -}), separated by commas or white space. */
        NAMES,
        /** An absolute path, then arguments, separated by white space (run without a shell); or empty. */
        COMMAND
    }

    /** The signals a {@link Kind#SIGNAL} key may name: those a job can catch, and that end it by default or not. */
    public static final java.util.List<String> SIGNALS = java.util.List.of(
            "none", "HUP", "INT", "QUIT", "ABRT", "USR1", "USR2", "ALRM", "TERM", "XCPU", "XFSZ", "VTALRM", "PROF",
            "WINCH", "URG", "PWR");

    private final Kind kind;
    private final String defaultValue;
    private final long min;
    private final long max;
    private final String description;

    ConfigKey(Kind kind, String defaultValue, long min, long max, String description) {
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.description = description;
    }

    public Kind kind() {
        return kind;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    public String description() {
        return description;
    }

    /** True for keys whose value is a number with a range. */
    public boolean isNumeric() {
        return kind == Kind.COUNT || kind == Kind.SECONDS;
    }
}
