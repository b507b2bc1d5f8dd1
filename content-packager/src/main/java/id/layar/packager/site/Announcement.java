package id.layar.packager.site;

import id.layar.playlist.Priority;
import id.layar.playlist.Rules;
import java.util.List;

/**
 * One valid announcement file.
 *
 * @param id         from {@code id:} or the file name without {@code .yaml}
 * @param file       the file as shown in messages
 * @param fileName   the bare file name; announcements play in file-name order
 * @param channels   ids of channels in {@code site.yaml}, in the order written, no repeats
 * @param durationMs how long a still stays on; 0 for a ticker (its duration comes from rendering)
 */
public record Announcement(String id, String file, String fileName, String title, Priority priority,
                           List<String> channels, long durationMs, Rules rules, Content content) {
    public Announcement {
        channels = List.copyOf(channels);
    }
}
