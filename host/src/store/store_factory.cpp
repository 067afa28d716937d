#include "store/store_factory.hpp"

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ledgersync::store {

std::unique_ptr<Store> open_configured_store(const config::StoreConfig& config) {
    if (config.engine == config::StoreConfig::Engine::postgresql) {
        return std::make_unique<postgres::PostgresStore>(config.postgresql_dsn);
    }
    return std::make_unique<sqlite::SqliteStore>(config.sqlite_path, sqlite::SqliteOptions{10'000, config.sqlite_synchronous});
}

}  // namespace ledgersync::store
