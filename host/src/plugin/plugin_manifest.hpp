#pragma once
/// The JSON manifest that sits beside every plugin library (<id>.manifest.json beside <id>.so).
/// Reading it runs none of the plugin's code.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/config_reader.hpp>

namespace ledgersync::plugin {

enum class PluginKind { connector, mapper };
std::string to_string(PluginKind kind);

/// A rate-limit budget a connector declares for its connections (e.g. QBO's 500 requests per
/// minute and 10 concurrent, with a separate budget of 40 batch calls per minute).
struct RateBudget {
    std::string name;
    std::int64_t requests = 0;        ///< at most this many requests...
    std::int64_t window_seconds = 0;  ///< ...per this many seconds (0 = unlimited)
    std::int64_t concurrency = 0;     ///< at most this many in flight (0 = unlimited)
    /// The budgets every request on this one spends as well (HubSpot: every request also spends
    /// the account's "daily" budget). Not declared: the host's rule applies, every budget other
    /// than "default" also spends "default".
    std::optional<std::vector<std::string>> also_spends{};
};

struct PluginManifest {
    std::string id;
    PluginKind kind = PluginKind::connector;
    std::string version;
    std::uint16_t abi_major = 0;
    std::uint16_t abi_minor = 0;
    std::string description;
    /// Connector capabilities: streams it reads, whether it writes, accepts webhooks...
    std::vector<std::string> streams;
    std::vector<std::string> writes;  ///< canonical types it can write
    bool webhooks = false;
    /// How webhook() authenticates a delivery: "signature" (it verifies the sender's signature
    /// over the body and refuses forgeries) or "none" (anyone who can reach the host could send
    /// records; the host then serves its webhooks only when the connection allows it).
    std::string webhook_auth = "none";
    bool verifies_webhooks() const { return webhook_auth != "none"; }
    std::vector<std::string> documents;  ///< documents fetch() serves ("invoice_pdf")
    std::int64_t batch_size = 1;         ///< most records one write() call accepts
    /// How long the host may hold due writes that would not fill a batch, waiting for more,
    /// in ms (0: write at once). For connectors whose API is charged per call, not per record.
    std::int64_t write_linger_ms = 0;
    std::vector<RateBudget> rate_budgets;
    /// JSON Schema of the plugin's config, for documentation and the admin console.
    nlohmann::json config_schema;

    std::filesystem::path manifest_path;
    std::filesystem::path library_path;

    std::string abi_string() const { return std::to_string(abi_major) + "." + std::to_string(abi_minor); }

    /// Reads and checks a manifest file; throws PluginError naming the file and the problem.
    /// The library path is the manifest's path with ".manifest.json" replaced by ".so".
    static PluginManifest load(const std::filesystem::path& manifest_path);
};

/// Reads rate budgets written as {"<budget>": {"requests", "per_seconds", "concurrency",
/// "also_spends"}} (the manifest's capabilities.rate_limits, and a connection's override in the
/// host config).
std::vector<RateBudget> read_rate_budgets(const nlohmann::json& budgets, const std::string& path,
                                          sdk::ConfigProblems& problems);

/// A connection's budgets: the manifest's, each replaced by the connection's override of the
/// same name (which keeps the manifest budget's also_spends unless it declares its own), and
/// the override's other budgets added. Overriding only HubSpot's "daily" keeps its "default"
/// and "search" budgets as the manifest declares them.
std::vector<RateBudget> override_rate_budgets(std::vector<RateBudget> declared,
                                              const std::vector<RateBudget>& overrides);

/// Suffix that marks manifest files in plugin directories.
inline constexpr const char* kManifestSuffix = ".manifest.json";

}  // namespace ledgersync::plugin
