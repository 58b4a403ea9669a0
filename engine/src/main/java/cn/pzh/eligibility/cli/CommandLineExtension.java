package cn.pzh.eligibility.cli;

import picocli.CommandLine;

/**
 * Lets a jar that bundles the engine with more (the store module's {@code eligibility-store.jar}) add subcommands
 * to the command-line tool without the engine depending on it: found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/cn.pzh.eligibility.cli.CommandLineExtension}. The engine's own jar has none.
 */
public interface CommandLineExtension {

    /** Called once the root command has its streams and error handling, before the arguments are parsed. */
    void extend(CommandLine root);
}
