package lsf.env;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A typed, immutable view of one LSF job's environment, as the TERMINATE action, echkpnt,
 * erestart and POST_EXEC receive it. Built from a map (never from {@code System.getenv()} inside),
 * it never throws: a malformed LSF value is an {@linkplain #errors() error} and its field is empty;
 * a malformed user knob is a {@linkplain #warnings() warning} and the knob counts as unset, so the
 * administrator's default applies and a kill is never stopped by a typo.
 */
public final class JobEnvironment {
    private static final long MAX_ID = Integer.MAX_VALUE;

    private final OptionalLong jobId;
    private final long jobIndex;
    private final Optional<Path> checkpointDir;
    private final Optional<String> method;
    private final Optional<String> methodDir;
    private final List<Long> jobPgids;
    private final List<Long> jobPids;
    private final long suspReasons;
    private final long suspSubreasons;
    private final boolean interactive;
    private final Optional<String> outputFile;
    private final boolean restart;
    private final OptionalLong oldJobId;
    private final OptionalLong jobExitStatus;
    private final Set<String> hosts;
    private final Optional<String> execType;
    private final Optional<String> queue;
    private final UserKnobs knobs;
    private final List<String> errors;
    private final List<String> warnings;

    private JobEnvironment(Map<String, String> env) {
        List<String> errs = new ArrayList<>();
        EnvValues lsf = new EnvValues(errs);
        jobId = lsf.number("LSB_JOBID", env.get("LSB_JOBID"), 1, MAX_ID);
        jobIndex =
                lsf.number("LSB_JOBINDEX", env.get("LSB_JOBINDEX"), 0, MAX_ID).orElse(0);
        checkpointDir = nonBlank(env.get("LSB_CHKPNT_DIR")).map(Path::of);
        method = nonBlank(env.get("LSB_ECHKPNT_METHOD"));
        methodDir = nonBlank(env.get("LSB_ECHKPNT_METHOD_DIR"));
        jobPgids = lsf.ids("LSB_JOBPGIDS", env.get("LSB_JOBPGIDS"));
        jobPids = lsf.ids("LSB_JOBPIDS", env.get("LSB_JOBPIDS"));
        suspReasons = lsf.number("LSB_SUSP_REASONS", env.get("LSB_SUSP_REASONS"), 0, Long.MAX_VALUE)
                .orElse(0);
        suspSubreasons = lsf.number("LSB_SUSP_SUBREASONS", env.get("LSB_SUSP_SUBREASONS"), 0, Long.MAX_VALUE)
                .orElse(0);
        interactive = lsf.flag("LSB_INTERACTIVE", env.get("LSB_INTERACTIVE"));
        outputFile = nonBlank(env.get("LSB_OUTPUTFILE"));
        restart = lsf.flag("LSB_RESTART", env.get("LSB_RESTART"));
        oldJobId = lsf.number("LSB_OLD_JOBID", env.get("LSB_OLD_JOBID"), 1, MAX_ID);
        jobExitStatus = lsf.number("LSB_JOBEXIT_STAT", env.get("LSB_JOBEXIT_STAT"), 0, 0xFFFF);
        hosts = hosts(env.get("LSB_HOSTS"), env.get("LSB_MCPU_HOSTS"));
        execType = nonBlank(env.get("LS_EXEC_T"));
        queue = nonBlank(env.get("LSB_QUEUE")).map(String::strip);
        List<String> warns = new ArrayList<>();
        knobs = UserKnobs.of(env, new EnvValues(warns));
        errors = List.copyOf(errs);
        warnings = List.copyOf(warns);
    }

    /** Reads {@code env} (e.g. {@code System.getenv()} passed in by a program's {@code main}). */
    public static JobEnvironment of(Map<String, String> env) {
        return new JobEnvironment(env);
    }

    private static Optional<String> nonBlank(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    private static Set<String> hosts(String lsbHosts, String mcpuHosts) {
        Set<String> names = new LinkedHashSet<>();
        if (lsbHosts != null && !lsbHosts.isBlank()) {
            names.addAll(List.of(lsbHosts.strip().split("\\s+")));
        } else if (mcpuHosts != null && !mcpuHosts.isBlank()) {
            String[] words = mcpuHosts.strip().split("\\s+");
            for (int i = 0; i < words.length; i += 2) {
                names.add(words[i]);
            }
        }
        return Set.copyOf(names);
    }

    /** {@code LSB_JOBID}; empty when unset or malformed. */
    public OptionalLong jobId() {
        return jobId;
    }

    /** {@code LSB_JOBINDEX}: 0 unless the job is an array element. */
    public long jobIndex() {
        return jobIndex;
    }

    /** True for an element of a job array. */
    public boolean isArrayElement() {
        return jobIndex != 0;
    }

    /** {@code LSB_CHKPNT_DIR}: {@code <bsub -k dir>/<jobid>}; empty for a job without {@code -k}. */
    public Optional<Path> checkpointDir() {
        return checkpointDir;
    }

    /** {@code LSB_ECHKPNT_METHOD}, e.g. {@code criu}. */
    public Optional<String> method() {
        return method;
    }

    /** {@code LSB_ECHKPNT_METHOD_DIR}. */
    public Optional<String> methodDir() {
        return methodDir;
    }

    /** {@code LSB_JOBPGIDS}: the job's process groups as LSF last saw them (may lag, may be empty). */
    public List<Long> jobPgids() {
        return jobPgids;
    }

    /** {@code LSB_JOBPIDS}: the job's processes as LSF last saw them (may lag, may be empty). */
    public List<Long> jobPids() {
        return jobPids;
    }

    /** {@code LSB_SUSP_REASONS} bit mask, 0 when unset. */
    public long suspReasons() {
        return suspReasons;
    }

    /** {@code LSB_SUSP_SUBREASONS} bit mask, 0 when unset. */
    public long suspSubreasons() {
        return suspSubreasons;
    }

    /** True when LSF called the TERMINATE action because the job reached its run limit. */
    public boolean isRunLimitKill() {
        return LsfConstants.isRunLimitKill(suspReasons, suspSubreasons);
    }

    /** {@code LSB_INTERACTIVE=Y}. */
    public boolean isInteractive() {
        return interactive;
    }

    /** {@code LSB_OUTPUTFILE}: the job's {@code -o} file; empty when the job has none. */
    public Optional<String> outputFile() {
        return outputFile;
    }

    /** {@code LSB_RESTART=Y}: this job was started by {@code brestart}. */
    public boolean isRestart() {
        return restart;
    }

    /** {@code LSB_OLD_JOBID}: for a restarted job, the id of the job it was restarted from. */
    public OptionalLong oldJobId() {
        return oldJobId;
    }

    /** {@code LSB_JOBEXIT_STAT}: the job's raw wait(2) status (POST_EXEC only). */
    public OptionalLong jobExitStatus() {
        return jobExitStatus;
    }

    /** The distinct hosts of {@code LSB_HOSTS} (or {@code LSB_MCPU_HOSTS}); empty when unset. */
    public Set<String> hosts() {
        return hosts;
    }

    /** True when the job spans more than one host: CRIU cannot checkpoint it. */
    public boolean spansSeveralHosts() {
        return hosts.size() > 1;
    }

    /** {@code LS_EXEC_T}: {@code JOB_CONTROLS}, {@code CHKPNT}, {@code START} or {@code END}. */
    public Optional<String> execType() {
        return execType;
    }

    /** {@code LSB_QUEUE}: the queue LSF runs the job in. */
    public Optional<String> queue() {
        return queue;
    }

    /** The user's knobs ({@code ENABLE_ORUN_*}, {@code ORUN_*}). */
    public UserKnobs knobs() {
        return knobs;
    }

    /** Malformed LSF values, each naming the variable and the value. */
    public List<String> errors() {
        return errors;
    }

    /** Malformed user knobs, each naming the variable and the value; the knob counts as unset. */
    public List<String> warnings() {
        return warnings;
    }
}
