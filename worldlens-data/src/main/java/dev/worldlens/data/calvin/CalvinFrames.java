package dev.worldlens.data.calvin;

import dev.worldlens.core.FrameSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import dev.worldlens.data.npy.NpyArray;
import dev.worldlens.data.npy.NpzFile;

import java.util.Arrays;
import java.util.List;

/** The frames of one CALVIN episode, decoded from the step files only when asked for. */
final class CalvinFrames implements FrameSource {
    private final CalvinDatasetReader reader;
    private final long start;
    private final int length;
    private final List<String> cameras;

    CalvinFrames(CalvinDatasetReader reader, long start, int length, List<String> cameras) {
        this.reader = reader;
        this.start = start;
        this.length = length;
        this.cameras = List.copyOf(cameras);
    }

    @Override
    public List<String> cameras() {
        return cameras;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public RgbImage frame(String camera, int t) {
        if (!cameras.contains(camera)) {
            throw new IllegalArgumentException("no camera '" + camera + "'; cameras are " + cameras);
        }
        if (t < 0 || t >= length) {
            throw new IndexOutOfBoundsException("frame " + t + " of " + length);
        }
        try (NpzFile step = NpzFile.open(reader.stepFile(start + t))) {
            return image(step, CalvinDatasetReader.IMAGE_PREFIX + camera);
        }
    }

    static RgbImage image(NpzFile step, String key) {
        NpyArray a = step.get(key);
        int[] s = a.shape();
        if (s.length != 3 || s[2] != 3 || s[0] == 0 || s[1] == 0 || !a.descr().equals("|u1")) {
            throw new InvalidInputException(step.file(), key, "expected a uint8 image of shape HxWx3, found "
                    + a.descr() + " " + Arrays.toString(s));
        }
        return new RgbImage(s[1], s[0], a.bytes());
    }
}
