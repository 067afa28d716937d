#include "store/sqlite/database_copy.hpp"

#include <memory>
#include <string>

#include <sqlite3.h>

#include "store/store.hpp"

namespace ledgersync::store::sqlite {

namespace {

using Connection = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

Connection open_connection(const std::filesystem::path& file, int flags, const std::string& role) {
    sqlite3* handle = nullptr;
    const int code = sqlite3_open_v2(file.c_str(), &handle, flags, nullptr);
    Connection connection(handle, &sqlite3_close);
    if (code != SQLITE_OK) {
        throw StoreError("cannot open the " + role + " " + file.string() + ": " +
                         (handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(code)));
    }
    // Another process (the host) may be committing when the copy starts.
    sqlite3_busy_timeout(handle, 10'000);
    return connection;
}

/// Reads the schema, which fails on a file that is not an SQLite database.
void check_is_database(sqlite3* db, const std::filesystem::path& file) {
    char* message = nullptr;
    const int code = sqlite3_exec(db, "SELECT COUNT(*) FROM sqlite_master", nullptr, nullptr, &message);
    if (code != SQLITE_OK) {
        const std::string reason = message != nullptr ? message : sqlite3_errstr(code);
        sqlite3_free(message);
        throw StoreError(file.string() + " is not a readable SQLite database (" + reason +
                         "); give the file `ledgersync store backup` wrote");
    }
}

}  // namespace

void copy_database(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::error_code ec;
    if (std::filesystem::exists(to, ec)) {
        throw StoreError(to.string() + " exists already; choose a new file name (a copy never overwrites a file)");
    }
    Connection source = open_connection(from, SQLITE_OPEN_READONLY, "database");
    check_is_database(source.get(), from);
    std::filesystem::path partial = to;
    partial += ".partial";
    std::filesystem::remove(partial, ec);
    {
        Connection target = open_connection(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "copy");
        sqlite3_backup* backup = sqlite3_backup_init(target.get(), "main", source.get(), "main");
        if (backup == nullptr) {
            const std::string reason = sqlite3_errmsg(target.get());
            target.reset();
            std::filesystem::remove(partial, ec);
            throw StoreError("cannot copy " + from.string() + " to " + to.string() + ": " + reason);
        }
        // All pages in one step: one read transaction, hence one consistent snapshot.
        int code = sqlite3_backup_step(backup, -1);
        while (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
            sqlite3_sleep(50);
            code = sqlite3_backup_step(backup, -1);
        }
        sqlite3_backup_finish(backup);
        if (code != SQLITE_DONE) {
            const std::string reason = sqlite3_errstr(code);
            target.reset();
            std::filesystem::remove(partial, ec);
            throw StoreError("copying " + from.string() + " to " + to.string() + " failed: " + reason);
        }
        // The copy is a single file: its pages go into the main file, not a WAL beside it.
        sqlite3_exec(target.get(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    }
    std::filesystem::path partial_wal = partial;
    partial_wal += "-wal";
    std::filesystem::path partial_shm = partial;
    partial_shm += "-shm";
    std::filesystem::remove(partial_wal, ec);
    std::filesystem::remove(partial_shm, ec);
    std::filesystem::rename(partial, to, ec);
    if (ec) {
        std::filesystem::remove(partial, ec);
        throw StoreError("cannot move the copy into place at " + to.string() + ": " + ec.message());
    }
}

}  // namespace ledgersync::store::sqlite
