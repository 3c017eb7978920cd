package dev.worldlens.data.lerobot;

import dev.worldlens.core.FrameSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * An episode's frames kept as the PNG bytes read from parquet and decoded on each frame() call: compressed frames
 * are several times smaller, and most consumers touch each frame once.
 */
final class PngFrames implements FrameSource {
    /** Expected frame size of one camera, from info.json, and the parquet column it came from. */
    record CameraInfo(String column, int width, int height) {
    }

    private final Map<String, byte[][]> png;
    private final Map<String, CameraInfo> cameras;
    private final int length;
    private final Path file;
    private final int episode;
    private final BiFunction<CameraInfo, Integer, Path> imageFile;

    /** @param imageFile where a frame stored by path only (null bytes) lives: images/{key}/episode.../frame...png */
    PngFrames(Map<String, byte[][]> png, Map<String, CameraInfo> cameras, int length, Path file, int episode,
              BiFunction<CameraInfo, Integer, Path> imageFile) {
        this.imageFile = imageFile;
        this.png = new LinkedHashMap<>(png);
        this.cameras = cameras;
        this.length = length;
        this.file = file;
        this.episode = episode;
    }

    @Override
    public List<String> cameras() {
        return new ArrayList<>(png.keySet());
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public RgbImage frame(String camera, int t) {
        byte[][] frames = png.get(camera);
        if (frames == null) {
            throw new IllegalArgumentException("no camera '" + camera + "'; cameras are " + png.keySet());
        }
        if (t < 0 || t >= length) {
            throw new IndexOutOfBoundsException("frame " + t + " of " + length);
        }
        CameraInfo info = cameras.get(camera);
        RgbImage image;
        byte[] bytes = frames[t] != null ? frames[t] : readFile(info, t);
        try {
            image = PngCodec.decode(bytes);
        } catch (IOException e) {
            throw new InvalidInputException(file, info.column(), "episode " + episode + " frame " + t
                    + ": cannot decode the image: " + e.getMessage(), e);
        }
        if (image.width() != info.width() || image.height() != info.height()) {
            throw new InvalidInputException(file, info.column(), "episode " + episode + " frame " + t + " is "
                    + image.width() + "x" + image.height() + " but meta/info.json says " + info.width() + "x"
                    + info.height());
        }
        return image;
    }

    private byte[] readFile(CameraInfo info, int t) {
        Path path = imageFile.apply(info, t);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new InvalidInputException(path, info.column(), "episode " + episode + " frame " + t + ": the row "
                    + "has no image bytes and this file cannot be read: " + e);
        }
    }
}
