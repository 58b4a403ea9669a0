package cn.pzh.eligibility.store.cli;

import cn.pzh.eligibility.cli.CommandLineExtension;
import cn.pzh.eligibility.store.RegisterKeyException;
import cn.pzh.eligibility.store.StoreException;
import picocli.CommandLine;

/**
 * Adds {@code store import|export} and {@code batch --db} to the command-line tool when the store is on the class
 * path ({@code store/target/eligibility-store.jar}). {@code batch} without {@code --db} is the engine's, unchanged.
 */
public final class StoreExtension implements CommandLineExtension {

    @Override
    public void extend(CommandLine root) {
        handleStoreErrors(root);
        CommandLine engineBatch = root.getSubcommands().get("batch");
        CommandLine store = new CommandLine(new StoreCommand());
        inherit(root, store);
        root.addSubcommand("store", store);
        CommandLine reevaluate = new CommandLine(new ReevaluateCommand());
        inherit(root, reevaluate);
        root.addSubcommand("reevaluate", reevaluate);
        if (engineBatch != null) {
            root.getCommandSpec().removeSubcommand("batch");
            CommandLine batch = new CommandLine(new DbBatchCommand(engineBatch));
            inherit(root, batch);
            root.addSubcommand("batch", batch);
        }
    }

    private static void inherit(CommandLine root, CommandLine sub) {
        sub.setOut(root.getOut());
        sub.setErr(root.getErr());
        sub.setExecutionExceptionHandler(root.getExecutionExceptionHandler());
    }

    /**
     * The register's refusals as one line each (keys that do not fit: exit 2; the database failed: exit 3), never a
     * class name or a stack trace; anything else as the engine's tool reports it. Picocli asks the handler of the
     * command line it was started on, the root's.
     */
    private static void handleStoreErrors(CommandLine root) {
        CommandLine.IExecutionExceptionHandler engine = root.getExecutionExceptionHandler();
        root.setExecutionExceptionHandler((ex, line, parse) -> {
            if (ex instanceof RegisterKeyException) {
                line.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof StoreException) {
                line.getErr().println("error: " + ex.getMessage());
                return 3;
            }
            return engine.handleExecutionException(ex, line, parse);
        });
    }
}
