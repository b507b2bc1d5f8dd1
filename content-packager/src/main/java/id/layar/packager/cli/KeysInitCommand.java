package id.layar.packager.cli;

import id.layar.packager.ExitCodes;
import id.layar.packager.Session;
import id.layar.packager.keys.KeyStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keys init --dir KEYS}: a new root key, signing key and root.json. Never prints private keys; refuses
 * to overwrite existing keys.
 */
@Command(name = "init", description = "Creates a root key, a signing key and root.json in a new keys folder.")
public final class KeysInitCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "KEYS", description = "The keys folder to create.")
    Path dir;

    @Option(names = "--root-expires-days", defaultValue = "365", paramLabel = "DAYS",
            description = "Days root.json stays valid (default: ${DEFAULT-VALUE}).")
    int rootExpiresDays;

    private final Session session;

    public KeysInitCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws IOException {
        KeyStore.InitResult r = KeyStore.init(dir, session.clock().instant(), rootExpiresDays);
        session.say("keys.wrote", dir);
        session.say("keys.rootKey", KeyStore.ROOT_KEY);
        session.say("keys.rootPub", KeyStore.ROOT_PUB, r.rootKeyId());
        session.say("keys.signingKey", KeyStore.SIGNING_KEY);
        session.say("keys.signingPub", KeyStore.SIGNING_PUB, r.signingKeyId());
        session.say("keys.rootJson", KeyStore.ROOT_JSON, r.rootExpires());
        session.say("keys.fingerprint");
        session.say("keys.fingerprintValue", r.fingerprint());
        session.say("keys.offline", KeyStore.ROOT_KEY);
        return ExitCodes.OK;
    }
}
