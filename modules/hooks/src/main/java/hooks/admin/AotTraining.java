package hooks.admin;

import hooks.cli.Program;
import hooks.programs.EchkpntCriu;
import hooks.programs.ErestartCriu;
import hooks.programs.PostExec;
import hooks.programs.TerminateAction;
import hooks.system.ImageLayout;
import hooks.system.Toolkit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The build's training run for the image's ahead-of-time cache (JDK 25, JEP 483/514/515): every
 * program of the image on its usual paths, one after another in this one JVM, since a cache is
 * recorded from a single run. Each line of the training file is
 * {@code <program>|<KEY=value ...>|<arg ...>} (words separated by single spaces); the programs'
 * outcomes do not matter, only what they load and link. Not run by LSF.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin"));
            for (String kv : words(f[1])) {
                env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            Program program = switch (f[0]) {
                case "lsf-criu" -> new AdminCommand(ImageLayout.running(), env);
                case "lsf-criu-terminate" -> new TerminateAction(Toolkit.system(env));
                case "lsf-criu-post-exec" -> new PostExec(Toolkit.system(env));
                case "echkpnt.criu" -> new EchkpntCriu(Toolkit.system(env));
                case "erestart.criu" -> new ErestartCriu(Toolkit.system(env));
                default -> throw new IllegalArgumentException("no program " + f[0]);
            };
            try {
                program.run(sink, sink, words(f[2]));
            } catch (RuntimeException e) {
                // a training path that fails still loaded what it loaded
            }
        }
    }

    private static String[] words(String text) {
        return text.isEmpty() ? new String[0] : text.split(" ");
    }
}
