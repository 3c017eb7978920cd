package dev.worldlens.data.lerobot;

import dev.worldlens.core.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a dataset that LeRobot (or the Hugging Face hub client) already downloaded, from its repo id, the way
 * LeRobot lays out its cache: {@code $HF_LEROBOT_HOME/<repo_id>} (HF_LEROBOT_HOME defaulting to
 * {@code $HF_HOME/lerobot}, HF_HOME to {@code $XDG_CACHE_HOME/huggingface} or {@code ~/.cache/huggingface}), or a hub
 * snapshot under {@code $HF_LEROBOT_HOME/hub/datasets--<org>--<name>/snapshots/<sha>} at the revision LeRobot asks
 * for (v3.0, else main). Nothing is ever downloaded.
 */
public final class LeRobotHome {
    /** What a dataset argument starts with to name a repo id instead of a folder. */
    public static final String SCHEME = "lerobot:";
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    /** Hub revisions tried in order: LeRobot reads v3.0 datasets at the tag "v3.0". */
    private static final List<String> REVISIONS = List.of("v3.0", "main");

    private LeRobotHome() {
    }

    /** The cache root under this environment: HF_LEROBOT_HOME, else HF_HOME/lerobot, else the XDG or home default. */
    public static Path home(Map<String, String> env) {
        if (env.get("LEROBOT_HOME") != null) {
            // LeRobot refuses the deprecated name rather than guess which one the user meant
            throw new InvalidInputException("LEROBOT_HOME", "is deprecated by LeRobot; set HF_LEROBOT_HOME instead");
        }
        if (env.get("HF_LEROBOT_HOME") != null) {
            return expand(env.get("HF_LEROBOT_HOME"));
        }
        Path hfHome = env.get("HF_HOME") != null ? expand(env.get("HF_HOME"))
                : env.get("XDG_CACHE_HOME") != null ? expand(env.get("XDG_CACHE_HOME")).resolve("huggingface")
                : Path.of(System.getProperty("user.home"), ".cache", "huggingface");
        return hfHome.resolve("lerobot");
    }

    private static Path expand(String path) {
        return Path.of(path.startsWith("~") ? System.getProperty("user.home") + path.substring(1) : path);
    }

    /** Whether {@code argument} names a repo id ({@value #SCHEME}org/name) rather than a path. */
    public static boolean isRepoId(String argument) {
        return argument.startsWith(SCHEME);
    }

    /**
     * The local folder of {@code lerobot:org/name} under the process environment.
     *
     * @throws InvalidInputException naming the places looked in when the dataset is not there
     */
    public static Path resolve(String argument) {
        return resolve(argument, System.getenv());
    }

    /** As {@link #resolve(String)} under {@code env}. */
    public static Path resolve(String argument, Map<String, String> env) {
        String repoId = argument.substring(SCHEME.length());
        if (!REPO_ID.matcher(repoId).matches() || repoId.contains("..")) {
            throw new InvalidInputException(argument, "repo id", "expected " + SCHEME + "<org>/<name>, e.g. "
                    + SCHEME + "lerobot/pusht");
        }
        Path home = home(env);
        Path direct = home.resolve(repoId);
        if (isDataset(direct)) {
            return direct;
        }
        Path repo = home.resolve("hub").resolve("datasets--" + repoId.replace("/", "--"));
        List<Path> looked = new ArrayList<>(List.of(direct));
        for (String revision : REVISIONS) {
            Path ref = repo.resolve("refs").resolve(revision);
            if (Files.isRegularFile(ref)) {
                Path snapshot = repo.resolve("snapshots").resolve(read(ref).strip());
                if (isDataset(snapshot)) {
                    return snapshot;
                }
                looked.add(snapshot);
            }
        }
        Path newest = newestSnapshot(repo.resolve("snapshots"));
        if (newest != null) {
            return newest;
        }
        looked.add(repo.resolve("snapshots"));
        throw new InvalidInputException(argument, "repo id", "not in the local LeRobot cache (looked for "
                + "meta/info.json in " + looked + "; HF_LEROBOT_HOME is " + home + "). WorldLens never downloads: "
                + "fetch it first, e.g. with LeRobot or `huggingface-cli download --repo-type dataset " + repoId
                + " --revision v3.0 --local-dir " + direct + "`");
    }

    private static boolean isDataset(Path folder) {
        return Files.isRegularFile(folder.resolve("meta/info.json"));
    }

    /** The most recently modified snapshot holding a dataset, when no ref names one. */
    private static Path newestSnapshot(Path snapshots) {
        if (!Files.isDirectory(snapshots)) {
            return null;
        }
        try (Stream<Path> list = Files.list(snapshots)) {
            return list.filter(LeRobotHome::isDataset).max(Comparator.comparing(LeRobotHome::modified)).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.resolve("meta/info.json")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
