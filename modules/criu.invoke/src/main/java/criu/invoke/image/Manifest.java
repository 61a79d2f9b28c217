package criu.invoke.image;

import com.fasterxml.jackson.jr.ob.JSON;
import criu.invoke.proc.HostFingerprint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a complete checkpoint generation holds: every image file with its size (and SHA-256 when
 * asked), the dumped task ids, the root, criu's version, the host and kernel, and the host's
 * {@link HostFingerprint} (what the restore depends on). A generation
 * becomes current only once its manifest is written; a restore verifies it first.
 */
public record Manifest(
        int generation,
        long created,
        long rootPid,
        List<Long> pids,
        String criuVersion,
        String host,
        String kernel,
        List<ImageFile> files,
        Optional<HostFingerprint> fingerprint) {
    /** The manifest's file name in the generation directory. */
    public static final String NAME = "manifest.json";
    /** The most a manifest may be: a line per image file and the host fingerprint. */
    public static final int MAX_BYTES = 4 << 20;

    public Manifest {
        pids = List.copyOf(pids);
        files = List.copyOf(files);
    }

    /** A manifest without a fingerprint (as written before fingerprints were recorded). */
    public Manifest(
            int generation,
            long created,
            long rootPid,
            List<Long> pids,
            String criuVersion,
            String host,
            String kernel,
            List<ImageFile> files) {
        this(generation, created, rootPid, pids, criuVersion, host, kernel, files, Optional.empty());
    }

    /** One image file: name, size and optional SHA-256 (hex). */
    public record ImageFile(String name, long size, Optional<String> sha256) {}

    /** Total bytes of the image files. */
    public long imageBytes() {
        return files.stream().mapToLong(ImageFile::size).sum();
    }

    /** The manifest as JSON text. */
    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", 1);
        doc.put("generation", generation);
        doc.put("created", created);
        doc.put("root_pid", rootPid);
        doc.put("pids", pids);
        doc.put("criu_version", criuVersion);
        doc.put("host", host);
        doc.put("kernel", kernel);
        List<Object> list = new ArrayList<>();
        for (ImageFile f : files) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", f.name());
            e.put("size", f.size());
            f.sha256().ifPresent(s -> e.put("sha256", s));
            list.add(e);
        }
        doc.put("files", list);
        fingerprint.ifPresent(f -> doc.put("fingerprint", f.toMap()));
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(doc) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write manifest JSON", e);
        }
    }

    /**
     * Parses manifest JSON.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Manifest parse(String json) {
        Map<String, Object> doc;
        try {
            doc = JSON.std.mapFrom(json);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("manifest is not valid JSON: " + e.getMessage(), e);
        }
        if (!Integer.valueOf(1).equals(doc.get("format"))) {
            throw new IllegalArgumentException("manifest format " + doc.get("format") + " is not 1");
        }
        try {
            List<Long> pids = new ArrayList<>();
            for (Object p : (List<?>) doc.get("pids")) {
                pids.add(((Number) p).longValue());
            }
            if (pids.isEmpty()) {
                throw new IllegalArgumentException("manifest lists no task: not a checkpoint of a job");
            }
            List<ImageFile> files = new ArrayList<>();
            for (Object o : (List<?>) doc.get("files")) {
                Map<?, ?> f = (Map<?, ?>) o;
                files.add(new ImageFile(
                        (String) f.get("name"), ((Number) f.get("size")).longValue(), Optional.ofNullable((String)
                                f.get("sha256"))));
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("manifest lists no image file: not a checkpoint of a job");
            }
            return new Manifest(
                    ((Number) doc.get("generation")).intValue(),
                    ((Number) doc.get("created")).longValue(),
                    ((Number) doc.get("root_pid")).longValue(),
                    pids,
                    (String) doc.get("criu_version"),
                    (String) doc.get("host"),
                    (String) doc.get("kernel"),
                    files,
                    doc.get("fingerprint") instanceof Map<?, ?> f
                            ? Optional.of(HostFingerprint.fromMap(f))
                            : Optional.empty());
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("manifest is missing a key or has one of the wrong type: " + e, e);
        }
    }
}
