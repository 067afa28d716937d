#include "plugin/plugin_call.hpp"

namespace ledgersync::plugin::detail {

void throw_call_failure(const ls_host_context& context, const char* function, ls_status status,
                        const sdk::OutputBuffer& out) {
    const std::string where = context.plugin_id + "." + function + " for '" + context.scope + "'";
    std::string message = out.failure_message().empty() ? "failed without a message" : out.failure_message();
    if (status == LS_STATUS_UNAVAILABLE) throw sdk::Unsupported(where + ": " + message);
    sdk::Outcome outcome = sdk::Outcome::fatal(std::move(message), out.attribute("fix_hint"));
    outcome.kind = sdk::outcome_class_from_status(status);
    outcome.retry_after = std::chrono::milliseconds(out.retry_after_ms());
    throw sdk::Error(std::move(outcome));
}

nlohmann::json parse_payload(const ls_host_context& context, const char* function, const sdk::OutputBuffer& out) {
    try {
        return sdk::parse_json_exact(out.payload());
    } catch (const std::exception& e) {
        throw sdk::Error(sdk::Outcome::fatal(context.plugin_id + "." + function + " for '" + context.scope +
                                             "' returned malformed JSON: " + e.what()));
    }
}

std::string locate_config_problems(const std::string& message, const std::string& config_path) {
    if (config_path.empty()) return message;
    std::string located;
    std::size_t start = 0;
    while (start <= message.size()) {
        const std::size_t end = std::min(message.find('\n', start), message.size());
        const std::string line = message.substr(start, end - start);
        if (!located.empty()) located += '\n';
        located += (!line.empty() && line.front() == '/') ? config_path + line : line;
        start = end + 1;
    }
    return located;
}

std::vector<PluginConfigError::Problem> config_problems_in(const std::string& message, const std::string& config_path) {
    std::vector<PluginConfigError::Problem> problems;
    std::size_t start = 0;
    while (start < message.size()) {
        const std::size_t end = std::min(message.find('\n', start), message.size());
        const std::string line = message.substr(start, end - start);
        const std::size_t colon = line.find(": ");
        if (!line.empty() && line.front() == '/' && colon != std::string::npos) {
            problems.push_back({config_path + line.substr(0, colon), line.substr(colon + 2)});
        }
        start = end + 1;
    }
    return problems;
}

}  // namespace ledgersync::plugin::detail
