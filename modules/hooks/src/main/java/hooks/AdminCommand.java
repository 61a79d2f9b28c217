package hooks;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/** {@code lsf-criu}: the administrator's command. Subcommands: {@code config}. */
public final class AdminCommand extends Program {
    private final ImageLayout layout;

    public AdminCommand(ImageLayout layout) {
        super("lsf-criu");
        this.layout = layout;
    }

    public static void main(String[] args) {
        exit(new AdminCommand(ImageLayout.running()), args);
    }

    @Override
    protected String usage() {
        return String.join("\n",
                "usage: lsf-criu <command> [options]",
                "       lsf-criu --version | --help",
                "commands:",
                "  config [--json]   the site configuration in force: every key, its value and whether the",
                "                    administrator set it (conf/lsf-criu.conf of this image) or it is the default");
    }

    @Override
    protected ExitCode execute(PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "config":
                return config(out, rest);
            default:
                throw new UsageException("unknown command '" + args[0] + "'");
        }
    }

    private ExitCode config(PrintWriter out, String... args) {
        OptionParser parser = new OptionParser();
        parser.accepts("json");
        OptionSet set = parser.parse(args);
        if (!set.nonOptionArguments().isEmpty()) {
            throw new UsageException("config takes no arguments but --json");
        }
        SiteConfig config = SiteConfig.load(layout.configFile());
        if (set.has("json")) {
            Map<String, Object> keys = new LinkedHashMap<>();
            for (ConfigKey key : ConfigKey.values()) {
                keys.put(key.name(), Map.of("value", config.text(key), "source", sourceOf(config, key)));
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", config.source());
            doc.put("keys", keys);
            try {
                out.println(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(doc));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            out.println("# " + config.source());
            for (ConfigKey key : ConfigKey.values()) {
                out.printf("%s=%s    # %s%n", key.name(), config.text(key), sourceOf(config, key));
            }
        }
        return ExitCode.OK;
    }

    private static String sourceOf(SiteConfig config, ConfigKey key) {
        return config.isExplicit(key) ? "admin config" : "default";
    }
}
