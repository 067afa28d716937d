#pragma once
// A connector plugin (QuickBooks unless told otherwise; the HubSpot and Stripe tests use it
// too) loaded by the host's own plugin loader and given the host's real services: the SQLite store behind the state service (secrets encrypted with a SecretBox), the
// Poco HTTP service with the connection's rate budgets, the logger and metrics. Tests call the
// connector as the bus does (write batches of up to its batch size, read, fetch) and choose the
// rate budgets, which the host configuration does not override per connection.

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugin/connector_instance.hpp"
#include "plugin/plugin_manifest.hpp"
#include "services/clock.hpp"
#include "services/http/poco_http_service.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"
#include "services/secret_box.hpp"
#include "services/stored_connection_state.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace ledgersync::testing {

class ConnectorHarness {
public:
    static constexpr const char* kConnection = "qbo";

    /// Loads build/plugins/<plugin_id>.so and creates its instance for `connection` with
    /// `config`. `budgets` replaces the manifest's rate budgets when not empty; `http` the
    /// host's HTTP options (how long a 429 holds the budgets...).
    explicit ConnectorHarness(const nlohmann::json& config, std::vector<plugin::RateBudget> budgets = {},
                              const std::string& plugin_id = "quickbooks", std::string connection = kConnection,
                              const services::http::HttpServiceOptions& http = {});
    ~ConnectorHarness();

    plugin::ConnectorInstance& connector() { return *connector_; }
    services::StoredConnectionState& state() { return *state_; }
    const plugin::PluginManifest& manifest() const { return manifest_; }
    /// The SQLite file behind the state service.
    std::string database_file() const { return (dir_ / "ledgersync.db").string(); }
    /// Everything the host logged.
    std::string log() const { return log_.str(); }
    services::MetricsRegistry& metrics() { return metrics_; }

    /// Creates a second instance of the plugin for the same connection and state (a restart).
    std::unique_ptr<plugin::ConnectorInstance> another_instance(const nlohmann::json& config);

private:
    std::string connection_;
    TempDir dir_;
    std::ostringstream log_;
    services::Logger logger_;
    services::SystemClock clock_;
    services::MetricsRegistry metrics_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<services::SecretBox> box_;
    std::unique_ptr<services::StoredConnectionState> state_;
    std::unique_ptr<services::http::PocoHttpService> http_;
    plugin::PluginManifest manifest_;
    plugin::PluginServices services_;
    std::unique_ptr<plugin::ConnectorInstance> connector_;
};

/// Write items as the bus builds them: a deterministic 32-hex idempotency key per change (type,
/// source id, operation, version written over), the same on every retry of that change.
struct WriteItemBuilder {
    static sdk::WriteItem make(const std::string& type, const std::string& source_id, nlohmann::json body,
                               std::vector<sdk::RecordLink> links, const std::string& operation = "create",
                               const std::string& target_id = {}, const std::string& target_version = {},
                               std::int64_t attempt = 1);
};

/// A canonical invoice body of `lines` item lines of 1 x `price` each.
nlohmann::json canonical_invoice(const std::string& number, const std::string& customer_id, const std::string& product_id,
                                 const std::string& price = "100.00", int lines = 1);

}  // namespace ledgersync::testing
