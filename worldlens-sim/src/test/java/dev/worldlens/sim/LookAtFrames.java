package dev.worldlens.sim;

import dev.worldlens.core.AnimatedGifWriter;
import dev.worldlens.core.Episode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Scratch: writes contact sheets of a few tasks for a person to look at. Not a test. */
public class LookAtFrames {
    public static void main(String[] args) throws Exception {
        String out = args.length > 0 ? args[0] : "/tmp/look";
        new File(out).mkdirs();
        for (String t : List.of("rotate_block_left/green", "open_drawer", "turn_on_lamp", "push_block_right/red", "put_block_in_drawer/blue")) {
            for (Scene scene : List.of(Scene.A, Scene.D)) {
                EpisodeGenerator gen = new EpisodeGenerator(GeneratorConfig.of(List.of(scene),
                        scene == Scene.D ? Setting.RANDOMISED : Setting.STATIC), 0);
                EpisodeGenerator.Recording rec = gen.demonstrate(Task.parse(t), scene, new SplittableRandom(5));
                if (rec == null) { System.out.println("no start for " + t); continue; }
                Episode ep = rec.toEpisode(0, List.of(), java.util.Map.of());
                List<BufferedImage> top = new ArrayList<>();
                List<BufferedImage> grip = new ArrayList<>();
                for (int i = 0; i < ep.length(); i += Math.max(1, ep.length() / 12)) {
                    top.add(ep.frames().frame("top", i).toBufferedImage());
                    grip.add(ep.frames().frame("gripper", i).toBufferedImage());
                }
                String name = t.replace('/', '_') + "_" + scene;
                ImageIO.write(AnimatedGifWriter.contactSheet(top, 7, 4), "png", new File(out, name + "_top.png"));
                ImageIO.write(AnimatedGifWriter.contactSheet(grip, 7, 4), "png", new File(out, name + "_grip.png"));
                System.out.println(name + " len=" + ep.length() + " success=" + rec.lastSucceeded());
            }
        }
    }
}
