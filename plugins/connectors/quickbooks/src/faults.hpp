#pragma once
/// QBO faults: reading them out of response bodies (JSON, including batch items, and the XML
/// bodies QBO also sends, notably for throttling: reference/qbo.md §1.7-1.8) and classifying
/// them into the SDK's outcomes with a message that says what failed, on which object, why,
/// and what to do. Every message is listed in docs/connectors/quickbooks.md.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ledgersync/sdk/outcome.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::connectors::quickbooks {

/// One <Error> of a fault.
struct QboError {
    std::string code;     ///< "6240"
    std::string message;  ///< "Duplicate Name Exists Error"
    std::string detail;   ///< "The name supplied already exists. : ..."
    std::string element;  ///< the offending field, when QBO names one
};

/// A <Fault>: its type (ValidationFault, SystemFault, AuthenticationFault, SERVICE, ...) and
/// its errors, in order.
struct QboFault {
    std::string type;
    std::vector<QboError> errors;

    /// The first error's code, "" without errors.
    std::string code() const { return errors.empty() ? std::string() : errors.front().code; }
    /// "6240 Duplicate Name Exists Error: The name supplied already exists." for messages.
    std::string describe() const;
};

/// The fault in a response body: JSON {"Fault": {...}} (keys in any case, as QBO's 401 bodies
/// write them in lower case) or XML (<IntuitResponse><Fault> or a bare <Fault>). nullopt when
/// the body holds no fault.
std::optional<QboFault> parse_fault(std::string_view body);

/// The fault of a JSON object that is itself a Fault ({"type": ..., "Error": [...]}), as found in
/// batch item responses.
QboFault fault_from_json(const nlohmann::json& fault);

/// What an API call was doing, for messages: "creating" + "invoice INV-1003".
struct FaultContext {
    /// "creating", "updating", "voiding", "deactivating", "reading", "querying", "fetching".
    std::string action;
    /// "invoice INV-1003", "customer 'ABC Corp'", "payment 125": what a person recognises.
    std::string object;
    /// For 6240: the name that collided.
    std::string display_name;
    /// The QBO entity involved ("Invoice", "Customer").
    std::string entity;
};

/// QBO's wait after a 429 when it gives no Retry-After (reference/qbo.md §1.8).
inline constexpr std::chrono::milliseconds kDefaultThrottleWait = std::chrono::seconds(60);

/// Classifies a fault answered with `http_status` (200 for a batch item). `retry_after` is the
/// response's Retry-After, zero when absent.
sdk::Outcome classify_fault(const QboFault& fault, int http_status, const FaultContext& context,
                            std::chrono::milliseconds retry_after = std::chrono::milliseconds(0));

/// Classifies a failed response: its fault when the body holds one, else its status alone (a
/// gateway's HTML page, an empty body).
sdk::Outcome classify_response(int http_status, std::string_view body, const FaultContext& context,
                               std::chrono::milliseconds retry_after = std::chrono::milliseconds(0));

/// The transaction that already has a DocNumber QBO refused with 6140.
struct NumberHolder {
    std::string type;      ///< "Invoice" ("CreditMemo", ... as the fault's detail names it)
    std::string id;        ///< its QBO Id; "" when unknown
    std::string customer;  ///< its customer's name; "" when unknown
    std::string date;      ///< its TxnDate; "" when unknown
    std::string total;     ///< "100.00 USD"; "" when unknown
};

/// The holder named in a 6140 fault's detail ("DocNumber=1234 is assigned to TxnType=Invoice
/// with TxnId=6575"), with type and id only; nullopt when the detail does not say.
std::optional<NumberHolder> number_holder_of(const QboFault& fault);

/// 6140 on an invoice create (custom transaction numbers on): a data failure that names the
/// invoice being written (`context.object`), its `doc_number`, the QBO transaction that has it
/// (`holder`, when known), and the fix: a number prefix in qbo_invoice_rules, or renumbering.
sdk::Outcome duplicate_document_number(const QboFault& fault, const FaultContext& context, const std::string& doc_number,
                                       const std::optional<NumberHolder>& holder);

/// True for the codes that mean "the access token is not (or no longer) valid": worth one
/// token refresh before giving up.
bool is_token_rejection(const std::optional<QboFault>& fault, int http_status);

/// True for a throttling answer (429, or 3001 / ThrottleExceeded in any status).
bool is_throttle(const std::optional<QboFault>& fault, int http_status);

}  // namespace ledgersync::connectors::quickbooks
