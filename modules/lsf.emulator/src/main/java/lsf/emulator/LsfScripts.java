package lsf.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The emulator's {@code bchkpnt}, {@code bmig}, {@code brestart}, {@code bjobs} and {@code bkill}: small shell
 * commands that pass requests to the running emulator through a spool directory, with LSF's
 * arguments, output and exit codes.
 */
final class LsfScripts {
    private LsfScripts() {}

    private static final String SUBMIT =
            "submit() { f=$spool/req/$(date +%s%N)-$$.$1; shift; echo \"$*\" > \"$f.tmp\" && mv \"$f.tmp\" \"$f\"; }\n";

    /**
     * Writes the commands into {@code <lsf>/bin} and creates the spool, private to the emulator's
     * user (the emulator gives it to the job user in {@code --user} mode); returns the bin directory.
     */
    static Path write(Path lsf) throws IOException {
        Path bin = Files.createDirectories(lsf.resolve("bin"));
        Path spool = lsf.resolve("spool");
        for (String d : new String[] {"req", "reply", "jobs"}) {
            Path p = Files.createDirectories(spool.resolve(d));
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        }
        String head = "#!/bin/sh\n# lsf-criu LSF emulator\nspool='" + spool + "'\n" + SUBMIT;
        script(
                bin,
                "bchkpnt",
                head
                        + "kill=0; while [ $# -gt 1 ]; do [ \"$1\" = -k ] && kill=1; shift; done; job=$1\n"
                        + "if [ ! -e \"$spool/jobs/$job.checkpointable\" ]; then echo \"Job <$job>: Job is not checkpointable\" >&2;"
                        + " exit 255; fi\n"
                        + "submit bchkpnt \"$job $kill\"\necho \"Job <$job> is being checkpointed\"\n");
        script(
                bin,
                "bkill",
                head
                        + "sig=KILL; while [ $# -gt 1 ]; do [ \"$1\" = -s ] && { sig=$2; shift; }; shift; done; job=$1\n"
                        + "[ -e \"$spool/jobs/$job.json\" ] || { echo \"Job <$job>: No matching job found\" >&2; exit 255; }\n"
                        + "submit bkill \"$job $sig\"\necho \"Job <$job> is being terminated\"\n");
        script(
                bin,
                "bmig",
                head
                        + "while [ $# -gt 1 ]; do shift; done; job=$1\n"
                        + "if [ ! -e \"$spool/jobs/$job.checkpointable\" ]; then echo \"Job <$job>: Job is not checkpointable\" >&2;"
                        + " exit 255; fi\n"
                        + "submit bmig \"$job\"\necho \"Job <$job> is being migrated\"\n");
        script(
                bin,
                "brestart",
                head
                        + "host=; while [ $# -gt 2 ]; do [ \"$1\" = -m ] && { host=$2; shift; }; shift; done; dir=$1;"
                        + " old=$2\n"
                        + "n=$(date +%s%N)-$$\n"
                        + "echo \"$dir $old $host\" > \"$spool/req/$n.brestart.tmp\" && mv \"$spool/req/$n.brestart.tmp\""
                        + " \"$spool/req/$n.brestart\"\n"
                        + "i=0; while [ ! -s \"$spool/reply/$n\" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done\n"
                        + "[ -s \"$spool/reply/$n\" ] || { echo 'brestart: no answer from mbatchd' >&2; exit 255; }\n"
                        + "read -r new < \"$spool/reply/$n\"\n"
                        + "case $new in *[!0-9]*) echo \"$new\" >&2; exit 255 ;; esac\n"
                        + "echo \"Job <$new> is submitted to queue <simulate>.\"\n");
        script(
                bin,
                "bjobs",
                head
                        + "out=; n=0\n"
                        + "for job in \"$@\"; do\n  case $job in ''|*[!0-9]*) continue ;; esac\n"
                        + "  if [ -r \"$spool/jobs/$job.json\" ]; then r=$(cat \"$spool/jobs/$job.json\");"
                        + " else r=\"{\\\"JOBID\\\":\\\"$job\\\",\\\"ERROR\\\":\\\"Job <$job> is not found\\\"}\"; fi\n"
                        + "  out=\"$out${out:+,}$r\"; n=$((n + 1))\ndone\n"
                        + "printf '{\"COMMAND\":\"bjobs\",\"JOBS\":%d,\"RECORDS\":[%s]}\\n' \"$n\" \"$out\"\n");
        return bin;
    }

    private static void script(Path bin, String name, String text) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
