#include <filesystem>
#include <iostream>
#include <map>

#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/options.hpp"
#include "cli/store_access.hpp"
#include "store/sqlite/database_copy.hpp"
#include "store/store_export.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kStoreUsage = R"(usage: ledgersync store migrate [--config FILE]
       ledgersync store vacuum [--config FILE]
       ledgersync store backup FILE [--config FILE]
       ledgersync store restore FILE [--config FILE]
       ledgersync store export --to postgresql DSN [--config FILE]
--config defaults to /etc/ledgersync/ledgersync.json

migrate  brings the database's schema up to the version this ledgersync knows and prints the
         versions before and after (the host does the same when it starts). A database a newer
         ledgersync wrote is refused: run that version, or restore a backup.
vacuum   gives the space of pruned rows back to the file system and prints the database's size
         before and after. The host's writes wait while it runs (about as long as copying the
         database); it needs free disk space about the size of the database.
backup   writes a consistent copy of the database to FILE (a new file) while the host runs.
         The secrets key (secrets.key_file) is not in it: without that key the tokens stored in
         the copy cannot be read. Keep a copy of the key too, stored apart from the backups.
restore  copies a backup into the configured data_dir, which must be empty or absent (stop
         the host and move the old directory aside first). Put the secrets key the backed-up
         host used in place before starting the host.
export   copies the SQLite database of the config (cursors, links, mirror, events, jobs,
         failures, timeline, state, webhook inbox) into the empty PostgreSQL database DSN (a
         libpq connection string), in one transaction; stop the host first, then set
         store.postgresql in the config and start it: nothing is synced twice.)";

using StoreAction = int (*)(const po::variables_map&, std::ostream&, std::ostream&);

int vacuum(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
    auto opened = open_store(vm["config"].as<std::string>(), err);
    if (!opened.store) return opened.exit_code;
    try {
        const std::int64_t before = opened.store->size_bytes();
        opened.store->compact();
        const std::int64_t after = opened.store->size_bytes();
        out << "vacuumed " << opened.store->location() << ": " << before << " bytes before, " << after
            << " bytes after (" << (before - after) << " bytes given back)\n";
    } catch (const std::exception& e) {
        err << "ledgersync: " << e.what() << "\n";
        return kExitFailure;
    }
    return kExitOk;
}

int migrate(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
    auto opened = open_store(vm["config"].as<std::string>(), err);
    if (!opened.store) return opened.exit_code;
    const int found = opened.store->schema_version_found();
    const int now = opened.store->schema_version();
    if (found == now) {
        out << opened.store->location() << " is at schema version " << now
            << ", the newest this ledgersync knows: nothing to migrate\n";
    } else {
        out << "migrated " << opened.store->location() << " from schema version " << found << " to " << now << "\n";
    }
    return kExitOk;
}

int backup(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
    const std::string file = vm["file"].as<std::string>();
    auto opened = open_store(vm["config"].as<std::string>(), err);
    if (!opened.store) return opened.exit_code;
    try {
        opened.store->backup(file);
    } catch (const std::exception& e) {
        err << "ledgersync: " << e.what() << "\n";
        return kExitFailure;
    }
    out << "backed up " << opened.store->location() << " to " << file << " (" << std::filesystem::file_size(file)
        << " bytes)\nthe secrets key is not in the backup: keep a copy of secrets.key_file too, stored apart\n";
    return kExitOk;
}

/// Why `data_dir` cannot receive a restore, or "" when it is empty or absent.
std::string occupied(const std::filesystem::path& data_dir, const std::filesystem::path& database) {
    std::error_code ec;
    if (std::filesystem::exists(data_dir, ec)) {
        if (!std::filesystem::is_directory(data_dir, ec)) return "data_dir " + data_dir.string() + " is not a directory";
        auto entries = std::filesystem::directory_iterator(data_dir, ec);
        if (ec) return "cannot read data_dir " + data_dir.string() + ": " + ec.message();
        if (entries != std::filesystem::directory_iterator()) {
            return "data_dir " + data_dir.string() + " is not empty (it holds " + entries->path().filename().string() +
                   "); a restore never mixes with existing data: stop the host, move the directory aside (e.g. mv " +
                   data_dir.string() + " " + data_dir.string() + ".old), then run the restore again";
        }
    }
    if (std::filesystem::exists(database, ec)) {
        return "the database " + database.string() + " exists; move it aside, then run the restore again";
    }
    return "";
}

void remove_database_files(const std::filesystem::path& database) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::path file = database;
        file += suffix;
        std::filesystem::remove(file, ec);
    }
}

int restore(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
    const std::filesystem::path backup_file = vm["file"].as<std::string>();
    int exit_code = kExitOk;
    const auto config = read_config(vm["config"].as<std::string>(), err, exit_code);
    if (!config) return exit_code;
    if (config->store.engine == config::StoreConfig::Engine::postgresql) {
        err << "ledgersync: cannot restore: the store is on PostgreSQL, whose backups pg_dump makes and pg_restore "
               "restores (docs/operations.md)\n";
        return kExitFailure;
    }
    const std::filesystem::path database = config->store.sqlite_path;
    if (const std::string problem = occupied(config->data_dir, database); !problem.empty()) {
        err << "ledgersync: cannot restore: " << problem << "\n";
        return kExitFailure;
    }
    std::error_code ec;
    if (!std::filesystem::exists(backup_file, ec)) {
        err << "ledgersync: cannot restore: the backup " << backup_file.string() << " does not exist\n";
        return kExitNotFound;
    }
    int schema_version = 0;
    try {
        std::filesystem::create_directories(config->data_dir);
        if (database.has_parent_path()) std::filesystem::create_directories(database.parent_path());
        store::sqlite::copy_database(backup_file, database);
        try {
            // Opening checks the schema (a backup of a newer ledgersync is refused) and brings an
            // older one up to date.
            store::sqlite::SqliteStore restored(database, {10'000, config->store.sqlite_synchronous});
            schema_version = restored.schema_version();
        } catch (...) {
            remove_database_files(database);
            throw;
        }
    } catch (const std::exception& e) {
        err << "ledgersync: cannot restore " << backup_file.string() << ": " << e.what() << "\n";
        return kExitFailure;
    }
    out << "restored " << backup_file.string() << " into " << database.string() << " (schema version "
        << schema_version << ")\nbefore starting the host, put the secrets key the backed-up host used at "
        << "secrets.key_file (or key_env): the stored tokens are encrypted with it\n";
    return kExitOk;
}

int export_store(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
    if (vm.count("to") == 0 || vm["to"].as<std::string>() != "postgresql") {
        err << "ledgersync: store export needs --to postgresql (the only engine to export to)\n" << kStoreUsage << "\n";
        return kExitUsage;
    }
    int exit_code = kExitOk;
    const auto config = read_config(vm["config"].as<std::string>(), err, exit_code);
    if (!config) return exit_code;
    if (config->store.engine != config::StoreConfig::Engine::sqlite) {
        err << "ledgersync: cannot export: the config's store is PostgreSQL already; export reads the SQLite "
               "database of store.sqlite\n";
        return kExitFailure;
    }
    try {
        const auto copied = store::export_sqlite_to_postgresql(config->store.sqlite_path, vm["file"].as<std::string>());
        out << "exported " << config->store.sqlite_path.string() << " to PostgreSQL:";
        for (const auto& [table, rows] : copied) out << " " << table << " " << rows;
        out << "\nnext: set \"store\": {\"postgresql\": {\"dsn\": \"${env:LEDGERSYNC_PG_DSN}\"}} in the config, then "
               "start the host\n";
    } catch (const std::exception& e) {
        err << "ledgersync: " << e.what() << "\n";
        return kExitFailure;
    }
    return kExitOk;
}

}  // namespace

int store_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("store options");
    options.add_options()
        ("action", po::value<std::string>()->required(), "migrate | vacuum | backup | restore | export")
        ("file", po::value<std::string>(), "the backup file (export: the PostgreSQL connection string)")
        ("to", po::value<std::string>(), "export: the engine to export to (postgresql)")
        ("config,c", po::value<std::string>()->default_value(kDefaultConfigFile), "configuration file");
    po::positional_options_description positional;
    positional.add("action", 1).add("file", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kStoreUsage, options, positional, out, err, exit_code);
    if (!vm) return exit_code;
    struct Action {
        StoreAction run;
        bool takes_file;
    };
    static const std::map<std::string, Action> actions = {
        {"migrate", {&migrate, false}},
        {"vacuum", {&vacuum, false}},
        {"backup", {&backup, true}},
        {"restore", {&restore, true}},
        {"export", {&export_store, true}},
    };
    const auto it = actions.find((*vm)["action"].as<std::string>());
    if (it == actions.end() || it->second.takes_file != (vm->count("file") != 0)) {
        err << kStoreUsage << "\n";
        return kExitUsage;
    }
    return it->second.run(*vm, out, err);
}

}  // namespace ledgersync::cli
