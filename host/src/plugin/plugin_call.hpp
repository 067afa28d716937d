#pragma once
/// Calling into a plugin: the status and message that come back become C++ exceptions.

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/bytes.hpp>
#include <ledgersync/sdk/connector.hpp>
#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/outcome.hpp>

#include "plugin/loaded_plugin.hpp"
#include "plugin/plugin_config_error.hpp"
#include "plugin/plugin_error.hpp"
#include "plugin/plugin_services.hpp"

namespace ledgersync::plugin::detail {

/// Throws the failure a plugin reported: sdk::Unsupported for UNAVAILABLE, else sdk::Error.
[[noreturn]] void throw_call_failure(const ls_host_context& context, const char* function, ls_status status,
                                     const sdk::OutputBuffer& out);

/// Runs `call` (which invokes a plugin function with `out`); throws on a non-OK status.
template <class Call>
void call_plugin(const ls_host_context& context, const char* function, sdk::OutputBuffer& out, Call&& call) {
    ls_status status;
    try {
        status = call();
    } catch (...) {
        // A plugin built without the SDK's shim let an exception escape; contain it here.
        status = LS_STATUS_FATAL;
        out.output()->fail(out.output()->slot, LS_STATUS_FATAL, sdk::to_bytes("exception escaped the plugin"), 0);
    }
    if (status != LS_STATUS_OK) throw_call_failure(context, function, status, out);
}

/// The payload of a successful call, parsed exactly; a malformed payload is a fatal error.
nlohmann::json parse_payload(const ls_host_context& context, const char* function, const sdk::OutputBuffer& out);

/// Prefixes every line of `message` that starts with a JSON pointer ("/key: ...", the SDK's
/// ConfigProblems format) with `config_path`, so that it names the key in the host config.
std::string locate_config_problems(const std::string& message, const std::string& config_path);

/// The lines of `message` in the SDK's ConfigProblems format ("/key: what"), each located under
/// `config_path`; empty when the message holds none.
std::vector<PluginConfigError::Problem> config_problems_in(const std::string& message, const std::string& config_path);

/// Creates an instance through a create() function; throws PluginError naming the library.
template <class Create>
ls_instance* create_plugin_instance(const LoadedPlugin& plugin, const ls_host_context* context,
                                    const nlohmann::json& config, Create create) {
    sdk::OutputBuffer error;
    ls_instance* instance = nullptr;
    const std::string config_text = config.dump();
    ls_status status;
    try {
        status = create(host_services_table(), const_cast<ls_host_context*>(context), sdk::to_bytes(config_text),
                        &instance, error.output());
    } catch (...) {
        status = LS_STATUS_FATAL;
    }
    if (status != LS_STATUS_OK || instance == nullptr) {
        const std::string& message = error.failure_message();
        std::string reason = message.empty() ? "create() failed without a message"
                                             : locate_config_problems(message, context->config_path);
        reason = "could not create an instance for '" + context->scope + "': " + reason;
        auto problems = config_problems_in(message, context->config_path);
        if (!problems.empty()) {
            throw PluginConfigError(plugin.manifest().library_path.string(), std::move(reason), std::move(problems));
        }
        throw PluginError(plugin.manifest().library_path.string(), std::move(reason));
    }
    return instance;
}

}  // namespace ledgersync::plugin::detail
