package lsf.env.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed configuration files, each with the exact message it must give. */
class MalformedConfigTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "CRIU_BINARY|lsf-criu.conf:1: expected KEY=value, found 'CRIU_BINARY'",
                "criu_binary=/x|lsf-criu.conf:1: 'criu_binary' is not a key (upper-case letters, digits, _)",
                "=value|lsf-criu.conf:1: '' is not a key (upper-case letters, digits, _)",
                "# ok\\nRESTART_LIMIT_MAX=3\\nRESTART_LIMIT_MAX=4|lsf-criu.conf:3: RESTART_LIMIT_MAX is set twice",
                "CRIU_BINARY=\"/usr/sbin/criu|lsf-criu.conf:1: CRIU_BINARY has an unclosed \" quote",
                "CRIU_BINARY='/usr/sbin/criu|lsf-criu.conf:1: CRIU_BINARY has an unclosed ' quote",
                "CRIU_BINRAY=/usr/sbin/criu|lsf-criu.conf: unknown key CRIU_BINRAY (known: [CRIU_BINARY, LSF_BINDIR, LSF_PROFILE, RESTART_LIMIT_DEFAULT, RESTART_LIMIT_MAX, CHECKPOINT_TIMEOUT_DEFAULT, CHECKPOINT_TIMEOUT_MAX, KILL_POLL_TRIES_DEFAULT, KILL_POLL_TRIES_MAX, JOB_TERMINATE_INTERVAL, RUNLIMIT_WARNING_SIGNAL, RUNLIMIT_WARNING_DELAY, CRIU_DUMP_TIMEOUT, CRIU_RESTORE_TIMEOUT, CRIU_DUMP_OPTIONS, CRIU_RESTORE_OPTIONS, PERIODIC_CHECKPOINT_MIN_INTERVAL, GENERATIONS_KEEP, IMAGE_CHECKSUMS, MIN_FREE_PERCENT, MAX_IMAGE_MIB, USER_QUOTA_MIB, MAX_CONCURRENT_DUMPS, DUMP_SLOTS_HOST_DIR, DUMP_SLOTS_DIR, CLUSTER_MAX_CONCURRENT_DUMPS, KEEP_IMAGES_ON_END, DEFAULT_OPT_IN_QUEUES, RESTART_SAME_HOST, RESTORE_INTO_JOB_CGROUP, PID_FREE_WAIT, LSF_COMMAND_TIMEOUT, FILE_COPY_MAX_MIB, METRICS_DIR, NOTIFY_COMMAND, NOTIFY_TIMEOUT, LOG_FALLBACK])",
                "NOTIFY_COMMAND=mail -s x|lsf-criu.conf: NOTIFY_COMMAND=mail -s x must start with the command's absolute path",
                "NOTIFY_TIMEOUT=0|lsf-criu.conf: NOTIFY_TIMEOUT=0 is out of range 1..600",
                "METRICS_DIR=textfile|lsf-criu.conf: METRICS_DIR=textfile is not an absolute path",
                "CRIU_BINARY=criu|lsf-criu.conf: CRIU_BINARY=criu is not an absolute path",
                "MIN_FREE_PERCENT=100|lsf-criu.conf: MIN_FREE_PERCENT=100 is out of range 0..99",
                "DUMP_SLOTS_DIR=slots|lsf-criu.conf: DUMP_SLOTS_DIR=slots is not an absolute path",
                "KEEP_IMAGES_ON_END=yes|lsf-criu.conf: KEEP_IMAGES_ON_END=yes must be Y or N",
                "DUMP_SLOTS_DIR=/scratch/slots|lsf-criu.conf: DUMP_SLOTS_DIR=/scratch/slots and CLUSTER_MAX_CONCURRENT_DUMPS=0 go together: set both for a cluster-wide limit, or neither",
                "CLUSTER_MAX_CONCURRENT_DUMPS=8|lsf-criu.conf: DUMP_SLOTS_DIR= and CLUSTER_MAX_CONCURRENT_DUMPS=8 go together: set both for a cluster-wide limit, or neither",
                "LSF_BINDIR=bin|lsf-criu.conf: LSF_BINDIR=bin is not an absolute path",
                "RESTART_LIMIT_DEFAULT=two|lsf-criu.conf: RESTART_LIMIT_DEFAULT=two is not a whole number",
                "RESTART_LIMIT_DEFAULT=-1|lsf-criu.conf: RESTART_LIMIT_DEFAULT=-1 is out of range 0..1000",
                "RESTART_LIMIT_MAX=1001|lsf-criu.conf: RESTART_LIMIT_MAX=1001 is out of range 0..1000",
                "CHECKPOINT_TIMEOUT_DEFAULT=0|lsf-criu.conf: CHECKPOINT_TIMEOUT_DEFAULT=0 is out of range 1..86400",
                "CHECKPOINT_TIMEOUT_MAX=99999999999999999999|lsf-criu.conf: CHECKPOINT_TIMEOUT_MAX=99999999999999999999 is not a whole number",
                "KILL_POLL_TRIES_DEFAULT=|lsf-criu.conf: KILL_POLL_TRIES_DEFAULT= is not a whole number",
                "JOB_TERMINATE_INTERVAL=10s|lsf-criu.conf: JOB_TERMINATE_INTERVAL=10s is not a whole number",
                "GENERATIONS_KEEP=0|lsf-criu.conf: GENERATIONS_KEEP=0 is out of range 1..100",
                "IMAGE_CHECKSUMS=yes|lsf-criu.conf: IMAGE_CHECKSUMS=yes must be Y or N",
                "PID_FREE_WAIT=-3|lsf-criu.conf: PID_FREE_WAIT=-3 is out of range 0..3600",
                "LOG_FALLBACK=journal|lsf-criu.conf: LOG_FALLBACK=journal must be syslog, none or an absolute path",
                "RUNLIMIT_WARNING_SIGNAL=KILL|lsf-criu.conf: RUNLIMIT_WARNING_SIGNAL=KILL must be one of [none, HUP, INT, QUIT,"
                        + " ABRT, USR1, USR2, ALRM, TERM, XCPU, XFSZ, VTALRM, PROF, WINCH, URG, PWR]",
                "RUNLIMIT_WARNING_DELAY=-1|lsf-criu.conf: RUNLIMIT_WARNING_DELAY=-1 is out of range 0..86400",
                "RESTART_LIMIT_DEFAULT=5\\nRESTART_LIMIT_MAX=3|lsf-criu.conf: RESTART_LIMIT_DEFAULT=5 is above RESTART_LIMIT_MAX=3",
                "CHECKPOINT_TIMEOUT_DEFAULT=4000|lsf-criu.conf: CHECKPOINT_TIMEOUT_DEFAULT=4000 is above CHECKPOINT_TIMEOUT_MAX=3600",
                "KILL_POLL_TRIES_MAX=5|lsf-criu.conf: KILL_POLL_TRIES_DEFAULT=10 is above KILL_POLL_TRIES_MAX=5",
            })
    void eachMalformedFileGivesItsMessage(String text, String message) {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> SiteConfig.of("lsf-criu.conf", ConfigFile.parse("lsf-criu.conf", text.replace("\\n", "\n"))));
        assertEquals(message, e.getMessage());
    }
}
