package dev.worldlens.data.video;

import dev.worldlens.core.RgbImage;

/**
 * One decoded frame.
 *
 * @param timestamp presentation time in seconds from the start of the file (pts x time_base, as PyAV reports it)
 */
public record VideoFrame(double timestamp, RgbImage image) {
}
