#include "batch_answer.hpp"

#include <ledgersync/sdk/json.hpp>

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

std::optional<sdk::Outcome> BatchAnswer::failure_of(const std::string& index) const {
    if (const auto it = failures.find(index); it != failures.end()) return it->second;
    return failure;
}

BatchAnswer send_batch(HubSpotClient& client, const ApiCall& call, const CallContext& context,
                       const std::function<std::string(const std::string& index)>& label_of) {
    BatchAnswer out;
    const sdk::HttpResponse response = client.send(call);
    if (response.status < 200 || response.status >= 300) {
        out.failure = classify_response(response.status, response.body, context, response.retry_after);
        return out;
    }
    json answer = json::object();
    try {
        answer = response.body.empty() ? json::object() : sdk::parse_json_exact(response.body);
    } catch (const sdk::JsonParseError& e) {
        out.failure = sdk::Outcome::transient("HubSpot answered " + context.action + " " + context.object + " with a body that is not JSON: " + e.what());
        return out;
    }
    if (const auto errors = answer.find("errors"); errors != answer.end() && errors->is_array()) {
        for (const auto& item : *errors) {
            const HubSpotError error = error_from_json(item);
            bool traced = false;
            for (const auto& trace : error.trace_ids) {
                const std::string index = trace.substr(0, trace.find(':'));
                out.failures.emplace(index, classify_error(error, 400, {context.action, label_of(index)}));
                traced = true;
            }
            // An error that names no input (an association batch): every input is tried again
            // as a whole; all steps are idempotent.
            if (!traced && !out.failure) out.failure = classify_error(error, 400, context);
        }
    }
    if (const auto results = answer.find("results"); results != answer.end() && results->is_array()) out.results = *results;
    return out;
}

std::string result_trace(const json& result) {
    const auto it = result.find("objectWriteTraceId");
    return it != result.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace ledgersync::connectors::hubspot
