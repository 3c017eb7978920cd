package dev.worldlens.data.calvin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.data.npy.NpyArray;
import dev.worldlens.data.npy.NpyFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CALVIN's language annotations, {@code lang_annotations/auto_lang_ann.npy}: a dict
 * {@code {'language': {'ann': [...], 'task': [...], 'emb': ...}, 'info': {'indx': [(start, end), ...]}}} that
 * CALVIN saves with np.save, i.e. as a pickle inside an object .npy. A JSON sidecar
 * {@code auto_lang_ann.json} of the same structure is read instead when present (easier to write by hand).
 * start and end are global step ids, both inclusive (CALVIN's loaders iterate {@code range(start, end + 1)}).
 * 'emb' is ignored.
 */
final class CalvinLanguage {
    static final String DIR = "lang_annotations";

    record Annotation(long start, long end, String task, String instruction) {
    }

    private CalvinLanguage() {
    }

    /** The annotations of a split; empty when it has no lang_annotations folder. */
    static List<Annotation> read(Path splitDir) {
        Path json = splitDir.resolve(DIR).resolve("auto_lang_ann.json");
        Path npy = splitDir.resolve(DIR).resolve("auto_lang_ann.npy");
        if (Files.isRegularFile(json)) {
            try {
                return fromJson(json, Json.JSON.readTree(json.toFile()));
            } catch (IOException e) {
                throw new InvalidInputException(json, null, "not valid JSON: " + e.getMessage(), e);
            }
        }
        if (Files.isRegularFile(npy)) {
            NpyArray array = NpyFile.read(npy);
            if (!array.isObject()) {
                throw new InvalidInputException(npy, "descr", "expected a pickled dict (dtype object), found "
                        + array.descr());
            }
            Object value;
            try {
                value = PickleReader.unwrapObjectArray(PickleReader.load(array.raw()));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(npy, null, "cannot read the pickled annotations: " + e.getMessage(), e);
            }
            return fromPickle(npy, value);
        }
        return List.of();
    }

    private static List<Annotation> fromJson(Path file, JsonNode root) {
        JsonNode ann = root.path("language").path("ann");
        JsonNode task = root.path("language").path("task");
        JsonNode indx = root.path("info").path("indx");
        List<Object> anns = new ArrayList<>();
        List<Object> tasks = new ArrayList<>();
        List<Object> ids = new ArrayList<>();
        require(file, "language.ann", ann.isArray());
        require(file, "language.task", task.isArray());
        require(file, "info.indx", indx.isArray());
        ann.forEach(n -> anns.add(n.asText()));
        task.forEach(n -> tasks.add(n.asText()));
        indx.forEach(n -> ids.add(List.of(n.path(0).asLong(-1), n.path(1).asLong(-1))));
        return combine(file, anns, tasks, ids);
    }

    private static List<Annotation> fromPickle(Path file, Object value) {
        Map<?, ?> root = map(file, "", value);
        Map<?, ?> language = map(file, "language", root.get("language"));
        Map<?, ?> info = map(file, "info", root.get("info"));
        return combine(file, list(file, "language.ann", language.get("ann")),
                list(file, "language.task", language.get("task")), list(file, "info.indx", info.get("indx")));
    }

    private static List<Annotation> combine(Path file, List<?> anns, List<?> tasks, List<?> ids) {
        if (anns.size() != ids.size() || tasks.size() != ids.size()) {
            throw new InvalidInputException(file, "info.indx", ids.size() + " index pairs but " + anns.size()
                    + " 'ann' and " + tasks.size() + " 'task' entries");
        }
        List<Annotation> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String field = "info.indx[" + i + "]";
            if (!(ids.get(i) instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof Number s)
                    || !(pair.get(1) instanceof Number e) || s.longValue() < 0 || e.longValue() < s.longValue()) {
                throw new InvalidInputException(file, field, "expected a (start, end) pair of step ids with "
                        + "0 <= start <= end, found " + ids.get(i));
            }
            if (!(anns.get(i) instanceof String a) || !(tasks.get(i) instanceof String t)) {
                throw new InvalidInputException(file, "language.ann[" + i + "]", "expected strings for 'ann' and "
                        + "'task'");
            }
            out.add(new Annotation(s.longValue(), e.longValue(), t, a));
        }
        return out;
    }

    private static void require(Path file, String field, boolean ok) {
        if (!ok) {
            throw new InvalidInputException(file, field, "missing or not a list");
        }
    }

    private static Map<?, ?> map(Path file, String field, Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new InvalidInputException(file, field, "expected a dict, found "
                    + (o == null ? "nothing" : o.getClass().getSimpleName()));
        }
        return m;
    }

    private static List<?> list(Path file, String field, Object o) {
        if (!(o instanceof List<?> l)) {
            throw new InvalidInputException(file, field, "expected a list, found "
                    + (o == null ? "nothing" : o.getClass().getSimpleName()));
        }
        return l;
    }
}
