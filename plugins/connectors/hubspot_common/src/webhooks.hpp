#pragma once
/// HubSpot webhooks v3 (reference/hubspot.md §2.13): the X-HubSpot-Signature-v3 check over the
/// raw request, and the events of a delivery. Webhooks are hints: the connector re-reads what
/// they name.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <ledgersync/sdk/http.hpp>

namespace ledgersync::connectors::hubspot {

inline constexpr const char* kSignatureV3Header = "X-HubSpot-Signature-v3";
inline constexpr const char* kRequestTimestampHeader = "X-HubSpot-Request-Timestamp";
/// Set by the host on each stored delivery (docs/sdk.md, webhook()): when it was received, epoch
/// ms. The 5-minute window is measured from it, so a delivery processed late is not refused.
inline constexpr std::string_view kReceivedAtHeader = "X-Ledgersync-Received-At";
/// HubSpot's window: a signature older than this is refused.
inline constexpr std::int64_t kSignatureMaxAgeMs = 5 * 60 * 1000;

/// The request URI as signed: the URL as called, with the escapes HubSpot decodes first
/// (%3A : %2F / %3F ? %40 @ %21 ! %24 $ %27 ' %28 ( %29 ) %2A * %2C , %3B ;) decoded.
std::string signed_uri(std::string_view uri);

/// base64(HMAC-SHA256(secret, method + uri + body + timestamp)), computed by the SDK.
std::string signature_v3(std::string_view secret, std::string_view method, std::string_view uri, std::string_view body,
                         std::string_view timestamp);

enum class SignatureVerdict { valid, missing, forged, expired, from_the_future };

/// Checks a delivery's v3 signature (compared in constant time) and its timestamp against
/// `received_at_ms` (±5 minutes).
SignatureVerdict verify_signature_v3(std::string_view secret, std::string_view method, std::string_view uri, std::string_view body,
                                     std::string_view signature, std::string_view timestamp, std::int64_t received_at_ms);

/// One event of a delivery.
struct HubSpotEvent {
    std::string subscription_type;  ///< "object.propertyChange", "contact.creation", ...
    std::string object_type_id;     ///< "0-53"; derived from legacy subscription types
    std::string object_id;
    std::string from_object_id;     ///< association changes
    std::string from_object_type_id;
    std::string to_object_id;       ///< association changes
    std::string to_object_type_id;
    std::int64_t occurred_at_ms = 0;
    bool deleted = false;
};

/// The object type of an invoice's parts (line items "0-8", discounts "0-84", fees "0-85", taxes
/// "0-86"): a change to one is a change of the invoice it belongs to. Empty for other types.
std::string invoice_part_type(const std::string& object_type_id);

/// The events of a verified body (a JSON array). Throws std::invalid_argument when it is not one.
std::vector<HubSpotEvent> parse_events(std::string_view body);

}  // namespace ledgersync::connectors::hubspot
