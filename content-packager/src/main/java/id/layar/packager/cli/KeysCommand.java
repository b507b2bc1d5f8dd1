package id.layar.packager.cli;

import id.layar.packager.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code keys}: groups the key subcommands. */
@Command(name = "keys", description = "Manages signing keys.", subcommands = KeysInitCommand.class)
public final class KeysCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.INVALID_INPUT;
    }
}
