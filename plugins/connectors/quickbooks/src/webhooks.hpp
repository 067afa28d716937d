#pragma once
/// QBO webhooks (reference/qbo.md §2): the intuit-signature check over the raw body, and both
/// payload formats, the legacy {"eventNotifications": [...]} and the CloudEvents array, read
/// into one list of events. Webhooks are hints: the connector re-reads what they name.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ledgersync::connectors::quickbooks {

/// The header carrying the signature.
inline constexpr const char* kSignatureHeader = "intuit-signature";

/// True when `signature` (the header's value) is base64(HMAC-SHA256(verifier_token, body)),
/// computed and compared in constant time by the SDK (ledgersync/sdk/crypto.hpp). Surrounding
/// whitespace in the header is ignored.
bool verify_webhook_signature(std::string_view verifier_token, std::string_view body, std::string_view signature);

/// The signature QBO would send for `body`: base64(HMAC-SHA256(verifier_token, body)).
std::string webhook_signature(std::string_view verifier_token, std::string_view body);

enum class WebhookFormat { legacy, cloudevents };

/// One change QBO notified, in either format.
struct WebhookEvent {
    /// The company (legacy realmId, CloudEvents intuitaccountid).
    std::string realm_id;
    /// The entity as the API names it: "Invoice", "SalesReceipt", "Customer".
    std::string entity;
    std::string entity_id;
    /// "Create", "Update", "Delete", "Merge", "Void" or "Emailed".
    std::string operation;
    /// For "Merge": the id of the entity merged into entity_id (and so gone).
    std::string deleted_id;
    /// When it changed, as QBO wrote it.
    std::string time;
    /// CloudEvents' unique event id; empty for the legacy format.
    std::string event_id;
};

struct WebhookPayload {
    WebhookFormat format = WebhookFormat::legacy;
    std::vector<WebhookEvent> events;
    /// Parts of the payload that could not be read (an event without an id, an unknown type),
    /// for the log; the readable events are still served.
    std::vector<std::string> skipped;
};

/// A body that is neither format.
class WebhookFormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Reads a verified body in either format. Throws WebhookFormatError when it is neither.
WebhookPayload parse_webhook_payload(std::string_view body);

}  // namespace ledgersync::connectors::quickbooks
