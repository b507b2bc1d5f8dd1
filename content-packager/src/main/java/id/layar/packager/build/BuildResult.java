package id.layar.packager.build;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What a build published.
 *
 * @param bundle          the bundle folder
 * @param channels        per channel, in site.yaml order
 * @param blobs           distinct blobs in the bundle
 * @param rootFingerprint the fingerprint of the bundle's root.json (as {@code keys init} printed it)
 * @param videosEncoded   videos transcoded by this build
 * @param videosReused    videos found already transcoded in the cache
 * @param cache           the transcode cache folder (it exists only once a video was transcoded)
 */
public record BuildResult(Path bundle, List<ChannelResult> channels, int blobs, String rootFingerprint,
                          int videosEncoded, int videosReused, Path cache) {
    public BuildResult {
        channels = List.copyOf(channels);
    }

    /**
     * One channel's signed playlist.
     *
     * @param playlist the playlist file ({@code channels/<id>/playlist.json})
     */
    public record ChannelResult(String channel, long version, int items, Instant issued, Instant expires, Path playlist) {
    }

    public ChannelResult channel(String id) {
        return channels.stream().filter(c -> c.channel().equals(id)).findFirst().orElseThrow();
    }
}
