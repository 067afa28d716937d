#include "plugin/mapper_instance.hpp"

#include <ledgersync/sdk/wire.hpp>

#include "plugin/plugin_call.hpp"
#include "plugin/secret_redaction.hpp"

namespace ledgersync::plugin {

std::unique_ptr<MapperInstance> MapperInstance::create(LoadedPluginPtr plugin, const std::string& scope,
                                                       const nlohmann::json& config, const std::string& config_path,
                                                     const PluginServices& services) {
    auto context = std::make_unique<ls_host_context>();
    context->plugin_id = plugin->id();
    context->scope = scope;
    context->services = services;
    context->config_path = config_path;
    context->services.state = nullptr;  // mappers are pure: no state, no HTTP
    context->services.http = nullptr;
    ls_instance* instance = detail::create_plugin_instance(*plugin, context.get(), config, plugin->mapper().create);
    return std::unique_ptr<MapperInstance>(new MapperInstance(std::move(plugin), std::move(context), instance));
}

MapperInstance::MapperInstance(LoadedPluginPtr plugin, std::unique_ptr<ls_host_context> context, ls_instance* instance)
    : plugin_(std::move(plugin)), context_(std::move(context)), instance_(instance) {}

MapperInstance::~MapperInstance() {
    try {
        plugin_->mapper().destroy(instance_);
    } catch (...) {
        // Contained: a plugin built without the SDK's shim threw from its destructor.
    }
}

std::string MapperInstance::map_text(std::string_view record) const {
    return redacting_errors(context_->services.logger, [&] {
        sdk::OutputBuffer out;
        detail::call_plugin(*context_, "map", out,
                            [&] { return plugin_->mapper().map(instance_, sdk::to_bytes(record), out.output()); });
        return out.take_payload();
    });
}

nlohmann::json MapperInstance::map_json(const nlohmann::json& record) const {
    sdk::OutputBuffer out;
    redacting_errors(context_->services.logger, [&] {
        detail::call_plugin(*context_, "map", out, [&] {
            const std::string text = record.dump();
            return plugin_->mapper().map(instance_, sdk::to_bytes(text), out.output());
        });
    });
    nlohmann::json parsed = detail::parse_payload(*context_, "map", out);
    if (!parsed.is_array()) {
        throw sdk::Error(sdk::Outcome::fatal(plugin_->id() + ".map returned " + std::string(parsed.type_name()) +
                                             " instead of an array of records"));
    }
    return parsed;
}

std::vector<sdk::Record> MapperInstance::map(const sdk::Record& record) const {
    const nlohmann::json result = map_json(record.to_json());
    try {
        return sdk::wire::records_from_json(result);
    } catch (const std::exception& e) {
        throw sdk::Error(sdk::Outcome::fatal(plugin_->id() + ".map returned an unreadable record: " + e.what()));
    }
}

}  // namespace ledgersync::plugin
