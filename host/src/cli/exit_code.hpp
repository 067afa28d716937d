#pragma once
/// Exit codes of the `ledgersync` command (documented in docs/operations.md).

namespace ledgersync::cli {

enum ExitCode : int {
    kExitOk = 0,
    /// The command could not do its work (address in use, store unavailable, ...).
    kExitFailure = 1,
    /// The command line is wrong: unknown subcommand or option, missing argument.
    kExitUsage = 2,
    /// The configuration file is invalid; every problem was printed with its JSON path.
    kExitConfigInvalid = 3,
    /// A plugin was refused (ABI, manifest, library) or could not be created.
    kExitPluginRefused = 4,
    /// The named thing (plugin, failure) does not exist.
    kExitNotFound = 5,
    /// Some records could not be processed (`map`); each was printed with its reason and fix.
    kExitRecordsFailed = 6,
};

}  // namespace ledgersync::cli
