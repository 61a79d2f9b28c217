package hooks.admin;

import hooks.cli.ExitCode;
import hooks.cli.Json;
import hooks.cli.JsonFlag;
import hooks.system.ImageLayout;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/** {@code lsf-criu config [--json]}: the site configuration in force. */
public final class ConfigCommand implements Subcommand {
    private final ImageLayout layout;

    ConfigCommand(ImageLayout layout) {
        this.layout = layout;
    }

    @Override
    public String name() {
        return "config";
    }

    @Override
    public String help() {
        return "config [--json]         the site configuration in force: every key, its value and whether the\n"
                + "                          administrator set it (conf/lsf-criu.conf of this image) or it is the default";
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        boolean json = JsonFlag.parse(name(), 0, args).json();
        SiteConfig config = SiteConfig.load(layout.configFile());
        if (json) {
            Map<String, Object> keys = new LinkedHashMap<>();
            for (ConfigKey key : ConfigKey.values()) {
                keys.put(key.name(), Map.of("value", config.text(key), "source", sourceOf(config, key)));
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", config.source());
            doc.put("keys", keys);
            out.println(Json.pretty(doc));
        } else {
            out.println("# " + config.source());
            for (ConfigKey key : ConfigKey.values()) {
                out.printf("%s=%s    # %s%n", key.name(), config.text(key), sourceOf(config, key));
            }
        }
        return ExitCode.OK.code();
    }

    private static String sourceOf(SiteConfig config, ConfigKey key) {
        return config.isExplicit(key) ? "admin config" : "default";
    }
}
