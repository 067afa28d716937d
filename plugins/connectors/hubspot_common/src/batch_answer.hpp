#pragma once
/// One batch call of the CRM API (batch/upsert, batch/update, associations), its answer and
/// its failures traced to the inputs by objectWriteTraceId ("<index>" or "<index>:<child>"):
/// HubSpot answers 207 with per-input errors, or fails the whole call.

#include <functional>
#include <map>
#include <optional>
#include <string>

#include <ledgersync/sdk/outcome.hpp>
#include <nlohmann/json.hpp>

#include "client.hpp"

namespace ledgersync::connectors::hubspot {

struct BatchAnswer {
    /// The objects written, each with its objectWriteTraceId.
    nlohmann::json results = nlohmann::json::array();
    /// Failures by input index (objectWriteTraceId up to its ':').
    std::map<std::string, sdk::Outcome> failures;
    /// A failure of the whole call, or an error that names no input: every input's.
    std::optional<sdk::Outcome> failure;

    /// The failure of input `index`, if any.
    std::optional<sdk::Outcome> failure_of(const std::string& index) const;
};

/// Sends a batch `call`; `label_of(index)` names input `index` in failure messages
/// ("invoice 1037 (quickbooks invoice 130)").
BatchAnswer send_batch(HubSpotClient& client, const ApiCall& call, const CallContext& context,
                       const std::function<std::string(const std::string& index)>& label_of);

/// The objectWriteTraceId of one result, "" without one.
std::string result_trace(const nlohmann::json& result);

}  // namespace ledgersync::connectors::hubspot
