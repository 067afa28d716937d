#include "plugin/connector_instance.hpp"

#include <utility>

#include <ledgersync/sdk/wire.hpp>

#include "plugin/plugin_call.hpp"
#include "plugin/secret_redaction.hpp"

namespace ledgersync::plugin {

using detail::call_plugin;
using detail::parse_payload;
using sdk::to_bytes;

std::unique_ptr<ConnectorInstance> ConnectorInstance::create(LoadedPluginPtr plugin, const std::string& connection,
                                                             const nlohmann::json& config,
                                                             const std::string& config_path,
                                                             const PluginServices& services) {
    auto context = std::make_unique<ls_host_context>();
    context->plugin_id = plugin->id();
    context->scope = connection;
    context->state_scope = connection;
    context->services = services;
    context->config_path = config_path;
    ls_instance* instance = detail::create_plugin_instance(*plugin, context.get(), config, plugin->connector().create);
    return std::unique_ptr<ConnectorInstance>(new ConnectorInstance(std::move(plugin), std::move(context), instance));
}

ConnectorInstance::ConnectorInstance(LoadedPluginPtr plugin, std::unique_ptr<ls_host_context> context,
                                     ls_instance* instance)
    : plugin_(std::move(plugin)), context_(std::move(context)), instance_(instance) {}

template <class Call>
auto ConnectorInstance::redacting(Call&& call) const {
    return redacting_errors(context_->services.logger, std::forward<Call>(call));
}

template <class Text>
auto ConnectorInstance::redact(Text&& text) const {
    return redact_secrets(context_->services.logger, std::forward<Text>(text));
}

ConnectorInstance::~ConnectorInstance() {
    try {
        plugin_->connector().destroy(instance_);
    } catch (...) {
        // Contained: a plugin built without the SDK's shim threw from its destructor.
    }
}

sdk::CheckResult ConnectorInstance::check() {
    const auto fn = plugin_->connector().check;
    if (fn == nullptr) return {true, "the plugin offers no check"};
    return redacting([&] {
        sdk::OutputBuffer out;
        call_plugin(*context_, "check", out, [&] { return fn(instance_, out.output()); });
        sdk::CheckResult result = sdk::wire::check_result_from_json(parse_payload(*context_, "check", out));
        result.details = redact(result.details);
        return result;
    });
}

sdk::ReadResult ConnectorInstance::read(const sdk::ReadRequest& request) {
    const auto fn = plugin_->connector().read;
    if (fn == nullptr) throw sdk::Unsupported(plugin_->id() + " does not read");
    const std::string body = sdk::wire::to_json(request).dump();
    const std::lock_guard inbound(inbound_mutex_);
    return redacting([&] {
        sdk::OutputBuffer out;
        call_plugin(*context_, "read", out, [&] { return fn(instance_, to_bytes(body), out.output()); });
        try {
            return sdk::wire::read_result_from_json(parse_payload(*context_, "read", out));
        } catch (const std::exception& e) {
            throw sdk::Error(sdk::Outcome::fatal(plugin_->id() + ".read returned an unreadable page: " + e.what()));
        }
    });
}

sdk::WebhookResult ConnectorInstance::webhook(const sdk::HttpRequest& request) {
    const auto fn = plugin_->connector().webhook;
    if (fn == nullptr) throw sdk::Unsupported(plugin_->id() + " does not accept webhooks");
    const sdk::WireHttpRequest wire(request);
    const std::lock_guard inbound(inbound_mutex_);
    return redacting([&] {
        sdk::OutputBuffer out;
        call_plugin(*context_, "webhook", out, [&] { return fn(instance_, wire.get(), out.output()); });
        try {
            return sdk::wire::webhook_result_from_json(parse_payload(*context_, "webhook", out));
        } catch (const std::exception& e) {
            throw sdk::Error(sdk::Outcome::fatal(plugin_->id() + ".webhook returned an unreadable result: " + e.what()));
        }
    });
}

std::vector<sdk::Outcome> ConnectorInstance::write(const std::vector<sdk::WriteItem>& items) {
    const auto fn = plugin_->connector().write;
    if (fn == nullptr) throw sdk::Unsupported(plugin_->id() + " does not write");
    const std::string body = sdk::wire::write_batch_to_json(items).dump();
    sdk::OutputBuffer out;
    try {
        call_plugin(*context_, "write", out, [&] { return fn(instance_, to_bytes(body), out.output()); });
    } catch (const sdk::Error& e) {
        return std::vector<sdk::Outcome>(items.size(), redact(e.outcome()));
    }
    std::vector<sdk::Outcome> outcomes;
    try {
        outcomes = sdk::wire::outcomes_from_json(parse_payload(*context_, "write", out));
        // Reasons end up in the failures table, the sync status and the admin API.
        for (auto& outcome : outcomes) outcome = redact(std::move(outcome));
    } catch (const sdk::Error& e) {
        return std::vector<sdk::Outcome>(items.size(), redact(e.outcome()));
    } catch (const std::exception& e) {
        return std::vector<sdk::Outcome>(
            items.size(), sdk::Outcome::fatal(plugin_->id() + ".write returned unreadable outcomes: " + e.what()));
    }
    if (outcomes.size() != items.size()) {
        return std::vector<sdk::Outcome>(
            items.size(), sdk::Outcome::fatal(plugin_->id() + ".write returned " + std::to_string(outcomes.size()) +
                                              " outcomes for " + std::to_string(items.size()) + " items"));
    }
    return outcomes;
}

sdk::Document ConnectorInstance::fetch(const sdk::FetchRequest& request) {
    const auto fn = plugin_->connector().fetch;
    if (fn == nullptr) {
        throw sdk::Unsupported(plugin_->id() + " (ABI " + std::to_string(plugin_->abi_major()) + "." +
                               std::to_string(plugin_->abi_minor()) + ") cannot fetch documents");
    }
    const std::string body = sdk::wire::to_json(request).dump();
    return redacting([&] {
        sdk::OutputBuffer out;
        call_plugin(*context_, "fetch", out, [&] { return fn(instance_, to_bytes(body), out.output()); });
        return sdk::Document{out.attribute("content_type"), out.take_payload()};
    });
}

}  // namespace ledgersync::plugin
