package id.layar.packager.cli;

import id.layar.packager.ExitCodes;
import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import id.layar.packager.Session;
import id.layar.packager.fleet.DeviceView;
import id.layar.packager.fleet.FleetReader;
import id.layar.packager.fleet.FleetTable;
import id.layar.packager.mqtt.BrokerAddress;
import id.layar.packager.mqtt.BrokerLogin;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fleet}: every device the broker knows of, online or not, from the retained status the devices publish; with
 * {@code plays} (proof of play as CSV) and {@code collect} (store proof of play from a production broker).
 */
@Command(name = "fleet", description = "Shows every device: online or offline, channel, version, what plays, last seen, last error.",
        subcommands = {FleetPlaysCommand.class, FleetCollectCommand.class})
public final class FleetCommand implements Callable<Integer> {
    @Mixin
    BrokerOptions broker;

    @Option(names = "--json", description = "Print a JSON array (one object per device, sorted by device id) instead of the table.")
    boolean json;

    @Option(names = "--wait", paramLabel = "TIME", defaultValue = "2s", converter = DurationConverter.class,
            description = "The longest to wait for the devices' status (default: ${DEFAULT-VALUE}); the table comes as soon as the broker is quiet.")
    Duration wait;

    private final Session session;

    public FleetCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws Exception {
        if (wait.isNegative() || wait.isZero() || wait.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.fleetWait", wait.toMillis()));
        }
        BrokerAddress address = broker.address(BrokerAddress.LOOPBACK);
        BrokerLogin login = broker.login("fleet");
        Vertx vertx = Vertx.vertx();
        List<DeviceView> devices;
        try {
            Duration quiet = FleetReader.QUIET.compareTo(wait) < 0 ? FleetReader.QUIET : wait;
            devices = ServeCommand.get(FleetReader.read(vertx, address, login, quiet, wait), (int) wait.toSeconds() + 30);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (json) {
            session.out().println(FleetTable.json(devices));
            session.out().flush();
            return ExitCodes.OK;
        }
        if (devices.isEmpty()) {
            session.say("fleet.none", address);
            return ExitCodes.OK;
        }
        for (String line : FleetTable.table(devices, session.messages(), session.clock().instant())) {
            session.out().println(line);
        }
        long online = devices.stream().filter(DeviceView::online).count();
        long unreadable = devices.stream().filter(d -> d.unreadable() != null).count();
        session.say(unreadable > 0 ? "fleet.summary.unreadable" : "fleet.summary", session.messages().count(devices.size(), "device"),
                online, devices.size() - online, unreadable);
        return ExitCodes.OK;
    }
}
