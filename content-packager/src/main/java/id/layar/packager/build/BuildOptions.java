package id.layar.packager.build;

import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import java.nio.file.Path;

/**
 * How to build.
 *
 * @param version     the playlist version for every channel, or null for "the previous version in the bundle
 *                    plus one" (1 for a new bundle); an explicit version not above the previous one is refused
 * @param expiresDays how long the playlists stay valid after they are issued (1..366)
 * @param cacheDir    where transcoded videos are kept between builds, or null for {@code <bundle>.cache} beside
 *                    the bundle ({@link TranscodeCache#besideBundle})
 */
public record BuildOptions(Long version, int expiresDays, Path cacheDir) {
    public static final int DEFAULT_EXPIRES_DAYS = 30;
    public static final BuildOptions DEFAULTS = new BuildOptions(null, DEFAULT_EXPIRES_DAYS);

    public BuildOptions {
        if (version != null && version < 1) {
            throw new PackagerException(PackagerException.Kind.INVALID_INPUT, Msg.of("err.versionRange", version));
        }
        if (expiresDays < 1 || expiresDays > 366) {
            throw new PackagerException(PackagerException.Kind.INVALID_INPUT, Msg.of("err.expiresDays", expiresDays));
        }
    }

    /** Options with the default cache beside the bundle. */
    public BuildOptions(Long version, int expiresDays) {
        this(version, expiresDays, null);
    }

    /** These options with another cache folder. */
    public BuildOptions withCache(Path dir) {
        return new BuildOptions(version, expiresDays, dir);
    }
}
