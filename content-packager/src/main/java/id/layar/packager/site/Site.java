package id.layar.packager.site;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A valid site: its channels in {@code site.yaml} order and its announcements in file-name order.
 *
 * @param dir         the site folder
 * @param displayName the site folder as shown in messages (its own name)
 * @param name        the {@code site:} title, or the folder name
 */
public record Site(Path dir, String displayName, String name, List<Channel> channels, List<Announcement> announcements) {
    public Site {
        channels = List.copyOf(channels);
        announcements = List.copyOf(announcements);
    }

    public Optional<Channel> channel(String id) {
        return channels.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The announcements that target a channel, in file-name order (the loop order). */
    public List<Announcement> announcementsFor(String channelId) {
        return announcements.stream().filter(a -> a.channels().contains(channelId)).toList();
    }
}
