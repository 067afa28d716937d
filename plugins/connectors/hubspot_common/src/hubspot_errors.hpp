#pragma once
/// HubSpot's error shape ({status, message, correlationId, category, subCategory, errors[],
/// context}: reference/hubspot.md §2.10) read out of a response body, and classified into the
/// SDK's outcomes with a message that says what failed, on which object, why, and what to do.
/// Every message is listed in docs/connectors/hubspot.md, "Failure messages".

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ledgersync/sdk/outcome.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::connectors::hubspot {

/// One HubSpot error (a response body, or one StandardError of a batch answer).
struct HubSpotError {
    std::string category;     ///< VALIDATION_ERROR, CONFLICT, MISSING_SCOPES, RATE_LIMIT, OBJECT_NOT_FOUND...
    std::string sub_category;
    std::string message;
    std::string correlation_id;
    std::string policy_name;  ///< 429: TEN_SECONDLY_ROLLING, DAILY, SECONDLY
    /// errors[].message, in order.
    std::vector<std::string> details;
    /// errors[0].context.requiredGranularScopes (403 MISSING_SCOPES).
    std::vector<std::string> required_scopes;
    /// context.id of a 409 CONFLICT, or the id after "Existing ID: " in its message.
    std::string existing_id;
    /// context.ids of OBJECT_NOT_FOUND in a batch answer.
    std::vector<std::string> ids;
    /// context.objectWriteTraceId: which inputs of a batch the error is about.
    std::vector<std::string> trace_ids;

    /// "VALIDATION_ERROR: Property values were not valid (...)", for messages.
    std::string describe() const;
};

/// Reads an error object; every member is optional.
HubSpotError error_from_json(const nlohmann::json& error);

/// The error in a response body, nullopt when the body is not a JSON object.
std::optional<HubSpotError> parse_error(std::string_view body);

/// What an API call was doing, for messages: "upserting" + "invoice from ledger invoice 42".
struct CallContext {
    std::string action;
    std::string object;
};

/// HubSpot's advice after a 423 LOCKED: locks last two seconds.
inline constexpr std::chrono::milliseconds kLockedWait = std::chrono::seconds(2);
/// The wait after a 429 without Retry-After: the rolling window's length.
inline constexpr std::chrono::milliseconds kThrottleWait = std::chrono::seconds(10);

/// True for the answers worth sending again once the host's budget allows: 429, 423, 477.
bool is_throttled(int http_status);

/// Classifies a failed response (`http_status` >= 300) into an outcome.
sdk::Outcome classify_response(int http_status, std::string_view body, const CallContext& context,
                               std::chrono::milliseconds retry_after = std::chrono::milliseconds(0));

/// Classifies one error of a 207 batch answer.
sdk::Outcome classify_error(const HubSpotError& error, int http_status, const CallContext& context,
                            std::chrono::milliseconds retry_after = std::chrono::milliseconds(0));

}  // namespace ledgersync::connectors::hubspot
