package hooks.admin;

import hooks.cli.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code lsf-criu sweep} prints: a line per job directory with images, and the total, or JSON. */
final class SweepReport {
    private SweepReport() {}

    static void print(PrintWriter out, List<SweepCommand.Row> rows, boolean dryRun, boolean json) {
        long total = 0;
        List<Map<String, Object>> items = new ArrayList<>();
        for (SweepCommand.Row r : rows) {
            if (r.dir().imageBytes() == 0) {
                continue;
            }
            long bytes = dryRun ? (r.decision().remove() ? r.dir().imageBytes() : 0) : r.freed();
            total += bytes;
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("dir", r.dir().dir().toString());
            item.put("uid", r.dir().uid());
            item.put("image_bytes", r.dir().imageBytes());
            item.put("remove", r.decision().remove());
            item.put(dryRun ? "would_free_bytes" : "freed_bytes", bytes);
            item.put("why", r.decision().why());
            items.add(item);
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("dry_run", dryRun);
            doc.put(dryRun ? "would_free_bytes" : "freed_bytes", total);
            doc.put("directories", items);
            out.println(Json.pretty(doc));
            return;
        }
        for (Map<String, Object> item : items) {
            boolean remove = (Boolean) item.get("remove");
            out.printf(
                    "%-8s %s (uid %s, %d MiB): %s%n",
                    remove ? (dryRun ? "remove" : "removed") : "keep",
                    item.get("dir"),
                    item.get("uid"),
                    ((Long) item.get("image_bytes") + (1 << 20) - 1) >> 20,
                    item.get("why"));
        }
        out.println(
                (dryRun ? "would free " : "freed ") + ((total + (1 << 20) - 1) >> 20) + " MiB (" + total + " bytes) in "
                        + items.stream().filter(i -> (Boolean) i.get("remove")).count() + " directories");
    }
}
