#pragma once
/// The embedded store: one SQLite file in WAL mode. Poco::Data opens and owns the connection;
/// statements run prepared once on it (see prepared_statements.hpp for why).

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "store/store.hpp"

namespace Poco::Data {
class Session;
}

namespace ledgersync::store::sqlite {

class PreparedStatements;

struct SqliteOptions {
    /// How long a transaction waits for another process (e.g. the CLI) to release the database.
    /// The waiting happens between attempts, never while holding the store's mutex.
    int busy_timeout_ms = 10'000;
    /// "full": every commit survives power loss; "normal": commits survive a process crash but
    /// the last ones may be lost on power loss (faster; WAL mode keeps the file consistent).
    std::string synchronous = "full";
};

class SqliteStore final : public Store {
public:
    /// Opens (creating if needed) the database at `file`, applies pending migrations, and
    /// refuses a database whose schema is newer than this binary knows. Throws StoreError.
    explicit SqliteStore(const std::filesystem::path& file, SqliteOptions options = {});
    ~SqliteStore() override;

    void write(const Body& body) override;
    void read(const Body& body) override;
    int schema_version() const override { return schema_version_; }
    int schema_version_found() const override { return schema_version_found_; }
    std::string location() const override { return file_.string(); }
    std::int64_t size_bytes() override;
    void compact() override;
    /// Copies the file with SQLite's online backup API on a connection of its own
    /// (copy_database): the host's transactions go on meanwhile.
    void backup(const std::filesystem::path& file) override;

private:
    void run(const Body& body, bool writing);
    /// Runs `attempt` until it does not throw DatabaseBusy, waiting between attempts without
    /// the mutex, up to busy_timeout_ms.
    void retry_while_busy(const std::function<void()>& attempt);
    /// One attempt at a transaction, under the mutex; throws DatabaseBusy when another process
    /// holds the database.
    void run_once(const Body& body, bool writing);
    void migrate();

    std::filesystem::path file_;
    SqliteOptions options_;
    // One connection, one transaction at a time: SQLite has a single writer anyway, and this
    // keeps transactions of the host's threads from failing on lock upgrades.
    std::mutex mutex_;
    std::unique_ptr<Poco::Data::Session> session_;
    std::unique_ptr<PreparedStatements> statements_;
    int schema_version_ = 0;
    int schema_version_found_ = 0;
};

}  // namespace ledgersync::store::sqlite
