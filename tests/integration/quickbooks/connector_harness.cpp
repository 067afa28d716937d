#include "connector_harness.hpp"

#include <ledgersync/sdk.hpp>

#include "plugin/plugin_loader.hpp"
#include "services/secret_key_source.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ledgersync::testing {

using nlohmann::json;

ConnectorHarness::ConnectorHarness(const json& config, std::vector<plugin::RateBudget> budgets, const std::string& plugin_id)
    : logger_(log_, services::LogLevel::debug) {
    store_ = std::make_unique<store::sqlite::SqliteStore>(dir_ / "ledgersync.db");
    const auto key_file = dir_ / "secret.key";
    services::SecretBox::generate_key_file(key_file);
    services::SecretKey key = services::SecretKeySource::file(key_file).load();
    box_ = std::make_unique<services::SecretBox>(key);
    key.fill(0);
    state_ = std::make_unique<services::StoredConnectionState>(*store_, box_.get(), logger_, clock_);
    http_ = std::make_unique<services::http::PocoHttpService>(services::http::HttpServiceOptions{}, clock_, &metrics_, &logger_);
    manifest_ = plugin::PluginManifest::load(std::filesystem::path(LEDGERSYNC_BUILD_PLUGIN_DIR) / (plugin_id + ".manifest.json"));
    services::http::ConnectionHttpSettings settings;
    settings.budgets = budgets.empty() ? manifest_.rate_budgets : std::move(budgets);
    http_->configure_connection(kConnection, settings);
    services_.logger = &logger_;
    services_.metrics = &metrics_;
    services_.clock = &clock_;
    services_.state = state_.get();
    services_.http = http_.get();
    connector_ = plugin::ConnectorInstance::create(plugin::PluginLoader::load(manifest_), kConnection, config,
                                                   "/connections/qbo/config", services_);
}

ConnectorHarness::~ConnectorHarness() {
    connector_.reset();
    if (http_) http_->shutdown();
}

std::unique_ptr<plugin::ConnectorInstance> ConnectorHarness::another_instance(const json& config) {
    return plugin::ConnectorInstance::create(plugin::PluginLoader::load(manifest_), kConnection, config, "/connections/qbo/config",
                                             services_);
}

sdk::WriteItem WriteItemBuilder::make(const std::string& type, const std::string& source_id, json body,
                                      std::vector<sdk::RecordLink> links, const std::string& operation,
                                      const std::string& target_id, const std::string& target_version, std::int64_t attempt) {
    sdk::WriteItem item;
    // 32 hex characters, unique per (type, source id), as the bus derives them.
    std::string key;
    std::uint64_t h = 1469598103934665603ULL;
    // Like the bus's keys, one per change: the operation and the version written over are part of it.
    for (unsigned char c : type + "/" + source_id + "/" + operation + "/" + target_version) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    for (int round = 0; round < 2; ++round) {
        std::uint64_t v = h ^ (round == 0 ? 0x9e3779b97f4a7c15ULL : 0xc2b2ae3d27d4eb4fULL);
        for (int i = 0; i < 16; ++i) {
            key += kHex[v & 15];
            v >>= 4;
        }
    }
    item.idempotency_key = key;
    item.operation = operation;
    item.record.identity = {"ledger", "src", type, source_id};
    item.record.version = "1";
    item.record.schema = "ledgersync." + type;
    item.record.body = std::move(body);
    item.record.links = std::move(links);
    item.target_id = target_id;
    item.target_version = target_version;
    item.attempt = attempt;
    return item;
}

json canonical_invoice(const std::string& number, const std::string& customer_id, const std::string& product_id,
                       const std::string& price, int lines) {
    json list = json::array();
    sdk::Decimal total;
    for (int i = 0; i < lines; ++i) {
        list.push_back({{"kind", "item"}, {"description", "Line " + std::to_string(i + 1)},
                        {"product", {{"type", "product"}, {"id", product_id}}}, {"quantity", "1"}, {"unit_price", price}, {"amount", price}});
        total += sdk::Decimal::parse(price);
    }
    const std::string t = total.to_string();
    return {{"number", number}, {"status", "open"}, {"currency", "USD"}, {"issue_date", "2026-11-20"},
            {"due_date", "2026-12-20"}, {"customer", {{"type", "customer"}, {"id", customer_id}}}, {"lines", list},
            {"totals", {{"subtotal", t}, {"discount", "0.00"}, {"tax", "0.00"}, {"total", t}, {"amount_paid", "0.00"}, {"balance_due", t}}},
            {"source_system", "ledger"}, {"updated_at", "2026-11-20T10:00:00Z"}};
}

}  // namespace ledgersync::testing
