package id.layar.agent.ops;

import static id.layar.agent.ops.OpsFixtures.BLOB;
import static id.layar.agent.ops.OpsFixtures.CHANNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.AgentConfig;
import id.layar.agent.ops.OpsFixtures.Run;
import id.layar.agent.ops.OpsFixtures.TestOrigin;
import id.layar.playlist.testing.TestKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Doctor over a fake device in a temp folder: sysfs, /dev nodes (plain files with the modes of the real ones), passwd
 * and group, a state folder with a verified playlist, and an origin that also answers the agent's /status.
 */
class DoctorTest {
    @TempDir
    Path os;

    TestOrigin origin;
    Path config;
    Path state;
    int gid;
    /** What `timedatectl show -p NTPSynchronized --value` prints; empty = no timedatectl. */
    final AtomicReference<Optional<String>> ntp = new AtomicReference<>(Optional.of("yes"));
    long freeBytes = 8L << 30;
    String extraConfig = "";
    String output = "virtual";

    @BeforeEach
    void fakeDevice() throws Exception {
        origin = new TestOrigin().withBundle();
        origin.status = "{\"device\":\"wall-1\",\"version\":1,\"playing\":{\"id\":\"info\"},\"problem\":null}";
        gid = (Integer) Files.getAttribute(os, "unix:gid");
        write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nsignage:x:4242:4242:Layar:/var/lib/layar:/usr/sbin/nologin\n");
        write("etc/group", "root:x:0:\nvideo:x:" + gid + ":signage\ngpio:x:4243:signage\nspi:x:4244:signage\ni2c:x:4245:signage\n"
                + "signage:x:4242:\n");
        for (String node : new String[] {"fb0", "gpiochip0", "spidev0.0", "i2c-1"}) {
            write("dev/" + node, "");
            Files.setPosixFilePermissions(os.resolve("dev/" + node), PosixFilePermissions.fromString("rw-rw----"));
        }
        write("sys/class/graphics/fb0/virtual_size", "64,32\n");
        write("sys/class/graphics/fb0/bits_per_pixel", "32\n");
        write("sys/" + Doctor.THROTTLED, "0x0\n");
        write("run/systemd/timesync/synchronized", "");
        state = os.resolve("var/lib/layar");
        Files.createDirectories(state.resolve("blobs/sha256"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwx---"));
        Files.write(state.resolve("playlist.json"), origin.files.get(OpsFixtures.PLAYLIST_PATH));
        Files.write(state.resolve(OpsFixtures.blobPath(BLOB)), BLOB);
        Files.write(os.resolve("etc/layar-root.json"), TestKeys.rootEnvelope());
        config = os.resolve("etc/agent.yaml");
    }

    @AfterEach
    void stop() {
        origin.close();
    }

    private void write(String rel, String text) throws IOException {
        Path p = os.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private Run doctor(String... args) throws IOException {
        Files.writeString(config, "device: wall-1\nchannel: " + CHANNEL + "\norigin: " + origin.base() + "\nroot: layar-root.json\n"
                + "state: " + state + "\npanel: {width: 64, height: 32, fps: 20, output: " + output + "}\n"
                + "api: {host: 127.0.0.1, port: " + origin.port() + "}\n" + extraConfig);
        DoctorCommand c = new DoctorCommand();
        c.host = Host.under(os, (argv, timeout) -> argv.get(0).equals("timedatectl") ? ntp.get() : Optional.empty())
                .withClock(OpsFixtures.CLOCK).withUsableSpace(p -> freeBytes).withUserName("root");
        String[] all = new String[args.length + 4];
        all[0] = "--config";
        all[1] = config.toString();
        all[2] = "--timeout";
        all[3] = "2";
        System.arraycopy(args, 0, all, 4, args.length);
        boolean lang = java.util.Arrays.asList(args).contains("--lang");
        return OpsFixtures.run(c, lang ? all : concat(all, "--lang", "en"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void assertLine(Run r, String severity, String check, String text) {
        boolean found = r.out().lines().anyMatch(l -> l.startsWith(severity) && l.substring(7).startsWith(check) && l.contains(text));
        assertTrue(found, "expected a " + severity + " " + check + " line containing '" + text + "' in:\n" + r.out());
    }

    @Test
    void aHealthyDeviceCanPlay() throws Exception {
        Run r = doctor();
        assertEquals(Finding.EXIT_CAN_PLAY, r.code(), r.out());
        assertLine(r, "OK", "config", "device wall-1, channel simpang-lima");
        assertLine(r, "OK", "playlist", "Playlist version 1 verified: 1 items, all 1 media files intact");
        assertLine(r, "OK", "origin", "version 1, verified");
        assertLine(r, "OK", "agent", "playing info");
        assertLine(r, "OK", "clock", "synchronised");
        assertLine(r, "OK", "groups", "User signage is in the groups video, gpio, spi, i2c");
        assertLine(r, "OK", "gpio", "gpiochip0: user signage may use it");
        assertLine(r, "info", "framebuffer", "64x32, 32 bpp; not used by output virtual");
        assertLine(r, "OK", "power", "no throttling");
        assertLine(r, "info", "broker", "not configured");
        assertTrue(r.out().contains("Verdict: the wall can play (exit 0)."), r.out());
    }

    @Test
    void noAcceptedPlaylistMeansTheWallCannotPlay() throws Exception {
        Files.delete(state.resolve("playlist.json"));
        Run r = doctor();
        assertEquals(Finding.EXIT_CANNOT_PLAY, r.code(), r.out());
        assertLine(r, "FAIL", "playlist", "No playlist has been accepted yet");
        assertTrue(r.out().contains("fix: make the origin reachable"), r.out());
    }

    @Test
    void aDamagedMediaFileIsFound() throws Exception {
        Files.write(state.resolve(OpsFixtures.blobPath(BLOB)), OpsFixtures.concat(BLOB, new byte[] {1}));
        Run r = doctor();
        assertEquals(Finding.EXIT_CANNOT_PLAY, r.code(), r.out());
        assertLine(r, "FAIL", "playlist", "1 of 1 media files are missing or damaged");
        assertTrue(r.out().contains("blob-too-large"), r.out());
    }

    @Test
    void aPlaylistSignedByAStrangerOnDiskIsRefused() throws Exception {
        Files.write(state.resolve("playlist.json"), OpsFixtures.signed(OpsFixtures.playlist(CHANNEL, 9), TestKeys.STRANGER));
        Run r = doctor();
        assertEquals(Finding.EXIT_CANNOT_PLAY, r.code(), r.out());
        assertLine(r, "FAIL", "playlist", "is refused under the trusted root");
    }

    @Test
    void unsyncedClockAndAMissingGroupAreWarningsWithTheirFixes() throws Exception {
        ntp.set(Optional.of("no"));
        write("etc/group", "root:x:0:\nvideo:x:" + gid + ":signage\ngpio:x:4243:signage\nspi:x:4244:signage\ni2c:x:4245:\n");
        Run r = doctor();
        assertEquals(Finding.EXIT_WARNINGS, r.code(), r.out());
        assertLine(r, "WARN", "clock", "not synchronised");
        assertTrue(r.out().contains("fix: sudo timedatectl set-ntp true"), r.out());
        assertLine(r, "WARN", "groups", "not in the group(s) i2c");
        assertTrue(r.out().contains("fix: sudo usermod -aG i2c signage"), r.out());
    }

    @Test
    void withoutTimedatectlTheTimesyncFlagFileDecides() throws Exception {
        ntp.set(Optional.empty());
        Files.delete(os.resolve("run/systemd/timesync/synchronized"));
        Run r = doctor();
        assertLine(r, "WARN", "clock", "Cannot tell whether the clock is synchronised");
    }

    @Test
    void aMissingI2cBusNamesRaspiConfig() throws Exception {
        Files.delete(os.resolve("dev/i2c-1"));
        Run r = doctor();
        assertEquals(Finding.EXIT_CAN_PLAY, r.code(), "a light sensor is optional\n" + r.out());
        assertLine(r, "info", "i2c", "i2c-1 does not exist");
        assertTrue(r.out().contains("fix: enable I2C: sudo raspi-config nonint do_i2c 0"), r.out());
    }

    @Test
    void aDeviceInAGroupTheServiceUserIsNotInNamesTheGroupToJoin() throws Exception {
        Path spidev = os.resolve("dev/spidev0.0");
        String group;
        if (gid == 0) {
            // Run as root: the fake node would belong to root's group; hand it to the fake spi group instead.
            Files.setAttribute(spidev, "unix:gid", 4244);
            write("etc/group", "video:x:0:signage\ngpio:x:4243:signage\nspi:x:4244:\ni2c:x:4245:signage\n");
            group = "spi";
        } else {
            write("etc/group", "video:x:" + gid + ":\ngpio:x:4243:signage\nspi:x:4244:signage\ni2c:x:4245:signage\n");
            // The state folder shares the nodes' group; keep it writable for this test through its other bits.
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
            group = "video";
        }
        Run r = doctor();
        assertEquals(Finding.EXIT_WARNINGS, r.code(), r.out());
        assertLine(r, "WARN", "spi", "user signage may not open it");
        assertTrue(r.out().contains("fix: sudo usermod -aG " + group + " signage"), r.out());
    }

    @Test
    void aNodeOnlyRootMayOpenNamesAUdevRule() throws Exception {
        Files.setPosixFilePermissions(os.resolve("dev/spidev0.0"), PosixFilePermissions.fromString("rw-------"));
        Run r = doctor();
        assertEquals(Finding.EXIT_WARNINGS, r.code(), r.out());
        assertLine(r, "WARN", "spi", "user signage may not open it");
        assertTrue(r.out().contains("add a udev rule giving it to group spi"), r.out());
    }

    @Test
    void aStateFolderTheServiceCannotWriteMeansItCannotPlay() throws Exception {
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-x---"));
        Run r = doctor();
        assertEquals(Finding.EXIT_CANNOT_PLAY, r.code(), r.out());
        assertLine(r, "FAIL", "state", "User signage cannot write the state folder");
        assertTrue(r.out().contains("sudo chown -R signage:signage " + state), r.out());
    }

    @Test
    void anUnreachableOriginAndAStoppedAgentAreWarnings() throws Exception {
        Run r;
        origin.close();
        r = doctor();
        assertEquals(Finding.EXIT_WARNINGS, r.code(), r.out());
        assertLine(r, "WARN", "origin", "Cannot reach the origin");
        assertLine(r, "WARN", "agent", "The agent does not answer");
        assertTrue(r.out().contains("sudo systemctl enable --now layar-agent"), r.out());
    }

    @Test
    void anOlderPlaylistOnTheOriginIsCalledStale() throws Exception {
        Files.write(state.resolve("playlist.json"), OpsFixtures.signed(OpsFixtures.playlist(CHANNEL, 5)));
        Run r = doctor();
        assertLine(r, "WARN", "origin", "older than the version 5 this device has");
    }

    @Test
    void lowDiskAndUnderVoltageAreWarnings() throws Exception {
        freeBytes = 40L << 20;
        write("sys/" + Doctor.THROTTLED, "0x50005\n");
        Run r = doctor();
        assertEquals(Finding.EXIT_WARNINGS, r.code(), r.out());
        assertLine(r, "WARN", "disk", "Only 40 MiB free");
        assertLine(r, "WARN", "power", "under-voltage right now");
        assertTrue(r.out().contains("official supply"), r.out());
    }

    @Test
    void theBrokerKeptForTheMqttUpgradeIsCheckedForReachability() throws Exception {
        try (ServerSocket broker = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            extraConfig = "# mqtt:\n#   url: \"mqtt://127.0.0.1:" + broker.getLocalPort() + "\"\n#   username: \"wall-1\"\n";
            Run r = doctor();
            assertLine(r, "OK", "broker", "127.0.0.1:" + broker.getLocalPort() + " is reachable");
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        extraConfig = "# mqtt:\n#   url: \"mqtt://127.0.0.1:" + closed + "\"\n";
        Run r = doctor();
        assertLine(r, "WARN", "broker", "Cannot connect to the broker 127.0.0.1:" + closed);
    }

    @Test
    void anInvalidConfigNamesTheKey() throws Exception {
        extraConfig = "pol: 30s\n";
        Run r = doctor();
        assertEquals(Finding.EXIT_CANNOT_PLAY, r.code(), r.out());
        assertLine(r, "FAIL", "config", "is invalid");
        assertTrue(r.out().contains("pol: unknown key"), r.out());
    }

    @Test
    void aMissingRootMeansNothingCanBeVerified() throws Exception {
        Files.delete(os.resolve("etc/layar-root.json"));
        Run r = doctor();
        assertEquals(Finding.EXIT_CANNOT_PLAY, r.code(), r.out());
        assertTrue(r.out().contains("sudo signage-agent provision"), r.out());
    }

    @Test
    void framebufferOutputNeedsTheNodeAndTheRightGeometry() throws Exception {
        Assumptions.assumeTrue(AgentConfig.OUTPUTS.contains("framebuffer"),
                "this agent version has no framebuffer output yet; the check runs once it does");
        output = "framebuffer";
        write("sys/class/graphics/fb0/virtual_size", "1920,1080\n");
        Run r = doctor();
        assertLine(r, "WARN", "framebuffer", "1920x1080");
        assertTrue(r.out().contains("video=HDMI-A-1:64x32@60"), r.out());
        Files.delete(os.resolve("dev/fb0"));
        r = doctor();
        assertEquals(Finding.EXIT_CANNOT_PLAY, r.code(), r.out());
        assertLine(r, "FAIL", "framebuffer", "No framebuffer");
    }

    @Test
    void aServiceThatIsNotEnabledWillNotComeBackAfterAPowerCut() throws Exception {
        write("lib/systemd/system/layar-agent.service", "[Service]\n");
        Run r = doctor();
        assertEquals(Finding.EXIT_WARNINGS, r.code(), r.out());
        assertLine(r, "WARN", "service", "not enabled");
        assertTrue(r.out().contains("fix: sudo systemctl enable --now layar-agent"), r.out());

        Path wants = os.resolve("etc/systemd/system/multi-user.target.wants/layar-agent.service");
        Files.createDirectories(wants.getParent());
        Files.createSymbolicLink(wants, Path.of("/lib/systemd/system/layar-agent.service"));
        r = doctor();
        assertEquals(Finding.EXIT_CAN_PLAY, r.code(), r.out());
        assertLine(r, "OK", "service", "starts at boot");
    }

    @Test
    void speaksIndonesian() throws Exception {
        Files.delete(state.resolve("playlist.json"));
        Run r = doctor("--lang", "id");
        assertEquals(Finding.EXIT_CANNOT_PLAY, r.code(), r.out());
        assertTrue(r.out().contains("Belum ada playlist yang diterima"), r.out());
        assertTrue(r.out().contains("Kesimpulan: layar TIDAK dapat memutar"), r.out());
        assertFalse(r.out().contains("Verdict"), r.out());
    }
}
