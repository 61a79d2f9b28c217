package hooks.programs;

import criu.invoke.CriuCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lsf.env.CheckpointDir;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * What one {@code erestart.criu} run writes for LSF, decided from what it found: the restart
 * command ({@code lsf-criu-restart}, bounded by {@code CRIU_RESTORE_TIMEOUT}, running criu's
 * restore of the chosen generation as the sibling of its holder, into the new job's cgroup when
 * the site asks), as the {@code .restart_cmd} line LSF reads. Pure: a function of the checkpoint
 * directory, the generation, the image's home, criu, the site configuration and the cgroup.
 *
 * @param command the restart command's words
 */
record RestartPlan(List<String> command) {
    RestartPlan {
        command = List.copyOf(command);
    }

    /**
     * The restart command for {@code generation} of checkpoint directory {@code chk}.
     *
     * @param home the image's home (its {@code bin/lsf-criu-restart})
     * @param unprivileged criu runs with {@code --unprivileged} (the restoring user is not root)
     * @param cgroup the new job's cgroup, when the site restores into it
     */
    static RestartPlan of(
            Path chk,
            Path generation,
            Path home,
            Path criu,
            SiteConfig config,
            boolean unprivileged,
            Optional<String> cgroup) {
        List<String> restore = CriuCommand.restore(
                criu,
                generation,
                CriuCommand.RestoreMode.SIBLING,
                Optional.of(CheckpointDir.of(chk).restoredPid()),
                unprivileged,
                cgroup,
                config.words(ConfigKey.CRIU_RESTORE_OPTIONS));
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve("lsf-criu-restart").toString());
        command.add(chk.toString());
        // the restart command bounds criu itself: criu's parent must stay the process that holds the restored root
        command.add(Long.toString(config.number(ConfigKey.CRIU_RESTORE_TIMEOUT)));
        command.addAll(restore);
        return new RestartPlan(command);
    }

    /** The one line of {@code .restart_cmd}: {@code LSB_RESTART_CMD=} and the command, quoted for LSF's shell. */
    String restartCmdLine() {
        return "LSB_RESTART_CMD=" + ShellQuote.words(command) + "\n";
    }
}
