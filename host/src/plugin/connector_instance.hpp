#pragma once
/// Host side of a connector plugin instance: C++ calls in, C ABI calls out. A failed call throws
/// sdk::Error with the plugin's classified outcome, or sdk::Unsupported; the message names the
/// plugin and the connection.
///
/// The threading contract (abi.h, docs/sdk.md "Threads") is enforced here: read() and webhook()
/// of one instance never run at the same time (they take the instance's inbound lock), while
/// write(), check() and fetch() may run concurrently with anything. Every reason and message a
/// plugin returns is passed through the logger's secret masking before the host stores, logs
/// or serves it: a plugin that quotes a token in an error cannot leak it into the failures table.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/connector.hpp>

#include "plugin/loaded_plugin.hpp"
#include "plugin/plugin_services.hpp"

namespace ledgersync::plugin {

class ConnectorInstance {
public:
    /// Creates the plugin's instance for `connection` with its config (secrets resolved).
    /// Throws PluginError (naming the library file) when create() fails or throws.
    static std::unique_ptr<ConnectorInstance> create(LoadedPluginPtr plugin, const std::string& connection,
                                                     const nlohmann::json& config, const std::string& config_path,
                                                     const PluginServices& services);
    ~ConnectorInstance();
    ConnectorInstance(const ConnectorInstance&) = delete;
    ConnectorInstance& operator=(const ConnectorInstance&) = delete;

    const LoadedPlugin& plugin() const noexcept { return *plugin_; }
    const std::string& connection() const noexcept { return context_->scope; }

    sdk::CheckResult check();
    /// Never concurrent with another read() or webhook() of this instance.
    sdk::ReadResult read(const sdk::ReadRequest& request);
    /// Never concurrent with another webhook() or read() of this instance.
    sdk::WebhookResult webhook(const sdk::HttpRequest& request);
    /// One outcome per item; a call-level failure becomes every item's outcome.
    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items);
    sdk::Document fetch(const sdk::FetchRequest& request);

private:
    ConnectorInstance(LoadedPluginPtr plugin, std::unique_ptr<ls_host_context> context, ls_instance* instance);

    template <class Call>
    auto redacting(Call&& call) const;
    template <class Text>
    auto redact(Text&& text) const;

    LoadedPluginPtr plugin_;
    std::unique_ptr<ls_host_context> context_;
    ls_instance* instance_;
    /// Held by read() and webhook(): the inbound side of an instance runs one call at a time.
    std::mutex inbound_mutex_;
};

}  // namespace ledgersync::plugin
