#include "api/admin/payment_endpoints.hpp"

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/outcome.hpp>

#include "api/admin/api_error.hpp"
#include "api/admin/query_params.hpp"
#include "app/payment_deletion.hpp"
#include "app/payment_refund.hpp"

namespace ledgersync::api::admin {

namespace {

const char* kRefundBodyFix = "send {\"amount\": \"25.00\", \"reason\": \"requested_by_customer\"}: the amount an exact decimal "
                             "string in the payment's currency, the reason one of duplicate, fraudulent, "
                             "requested_by_customer, other";

ApiError bad_body_field(const std::string& field, const std::string& message) {
    return ApiError(400, "bad_parameter", "body field '" + field + "': " + message, kRefundBodyFix);
}

/// The text member `field` of the refund request's body.
std::string text_field(const nlohmann::json& body, const std::string& field) {
    if (!body.contains(field)) throw bad_body_field(field, "missing");
    if (!body.at(field).is_string()) {
        throw bad_body_field(field, "must be a string" + std::string(field == "amount" ? " (an exact decimal, e.g. \"25.00\")" : ""));
    }
    return body.at(field).get<std::string>();
}

/// The status and code of a refund refused before it was sent.
ApiError refused(const app::RefundRefused& e, const std::string& payment_path) {
    using Why = app::RefundRefused::Why;
    switch (e.why()) {
        case Why::bad_reason: return bad_body_field("reason", e.what());
        case Why::bad_amount: return bad_body_field("amount", e.what());
        case Why::unknown_payment:
            return ApiError::not_found(e.what(), "check the connection and id: GET /api/v1/invoices/{connection}/{id} lists an "
                                                 "invoice's payments");
        case Why::too_much:
            return ApiError(409, "more_than_refundable", e.what(), "refund at most what is left; GET the payment's invoice to see "
                                                                   "its refunds");
        case Why::not_refundable: break;
    }
    return ApiError(409, "not_refundable", e.what(), "refund it where the money was received; " + payment_path + " cannot be "
                                                     "refunded through ledgersync");
}

}  // namespace

PaymentEndpoints::PaymentEndpoints(store::Store& store, const config::HostConfig& config, std::vector<std::string> refunders,
                                   ConnectorLookup connector, const services::Clock& clock, Redactor redact)
    : store_(store),
      config_(config),
      refunders_(std::move(refunders)),
      connector_(std::move(connector)),
      clock_(clock),
      redact_(std::move(redact)) {}

void PaymentEndpoints::add_to(AdminRouter& router) {
    router.add("POST", "/api/v1/payments/{connection}/{id}/refund", Access::admin,
               [this](auto& request, auto& response) { refund(request, response); });
    router.add("DELETE", "/api/v1/payments/{connection}/{id}", Access::admin,
               [this](auto& request, auto& response) { remove(request, response); });
}

void PaymentEndpoints::refund(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    QueryParams(request.uri(), {});
    const store::ObjectKey key{request.params.at(0), "payment", request.params.at(1)};
    nlohmann::json body;
    try {
        // Verbatim: an amount sent as a number (10.5) stays a number, refused below, never
        // mistaken for the string the API asks for.
        body = sdk::parse_json_exact(request.incoming.body, sdk::JsonNumbers::verbatim);
    } catch (const std::exception& e) {
        throw ApiError(400, "bad_body", std::string("the request body is not JSON: ") + e.what(), kRefundBodyFix);
    }
    if (!body.is_object()) throw ApiError(400, "bad_body", "the request body is not a JSON object", kRefundBodyFix);
    for (const auto& [member, value] : body.items()) {
        if (member != "amount" && member != "reason") throw bad_body_field(member, "not a member of a refund request");
    }
    const std::string amount = text_field(body, "amount");
    const std::string reason = text_field(body, "reason");

    std::optional<app::RefundPlan> plan;
    try {
        plan = app::plan_refund(store_, config_, refunders_, key, amount, reason, clock_.now_ms());
    } catch (const app::RefundRefused& e) {
        throw refused(e, key.str());
    }
    const store::ObjectKey& at = plan->processor_payment;
    plugin::ConnectorInstance* connector = connector_(at.connection);
    if (connector == nullptr) {
        throw ApiError(503, "connection_not_running", "connection '" + at.connection + "' that refunds " + at.str() + " is not running",
                       "see GET /api/v1/connections for why, fix it and restart the host");
    }
    const sdk::Outcome outcome =
        app::make_refund(*connector, store_, *plan, clock_.now_ms(), "the admin API (token '" + request.caller + "')");
    if (outcome.kind != sdk::OutcomeClass::ok) {
        std::string fix = outcome.fix_hint;
        if (outcome.kind != sdk::OutcomeClass::data) {
            fix += std::string(fix.empty() ? "" : "; ") + "sending the same request again is safe: it cannot refund twice";
        }
        throw ApiError(502, "refund_failed",
                       "the refund of " + plan->amount_text + " on " + at.str() + " was not made (" + std::string(sdk::to_string(outcome.kind)) +
                           "): " + redact_(outcome.reason),
                       fix.empty() ? "see the host's log" : fix);
    }
    send_api_json(response, 200,
                  {{"refund_id", outcome.target_id},
                   {"amount", plan->amount},
                   {"currency", plan->currency},
                   {"reason", plan->reason},
                   {"payment", key.str()},
                   {"processor_payment", at.str()},
                   {"connection", at.connection},
                   {"message", "refund " + outcome.target_id + " of " + plan->amount_text + " made at " + at.connection +
                                   "; it reaches QuickBooks through the refund route once " + at.connection + " is read"}});
}

void PaymentEndpoints::remove(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    QueryParams(request.uri(), {});
    const store::ObjectKey key{request.params.at(0), "payment", request.params.at(1)};
    const app::PaymentDeletion deletion =
        app::delete_payment(store_, config_, key, clock_.now_ms(), "the admin API (token '" + request.caller + "')");
    if (!deletion.known) {
        throw ApiError::not_found("unknown payment " + key.str() + ": the bus has never received it",
                                  "check the connection and id: GET /api/v1/invoices/{connection}/{id} lists an invoice's payments");
    }
    nlohmann::json untouched = nlohmann::json::array();
    std::string copies;
    for (const auto& c : deletion.untouched_copies) {
        untouched.push_back(c.str());
        copies += (copies.empty() ? "" : ", ") + c.str();
    }
    std::string message;
    if (deletion.already_deleted) {
        message = deletion.payment.str() + " is already deleted in ledgersync; nothing changed";
    } else {
        message = "deleted " + deletion.payment.str() + " in ledgersync only (" + std::to_string(deletion.dismissed) +
                  " waiting write(s) dismissed); QuickBooks is NOT changed" +
                  (copies.empty() ? ": the payment was never booked there"
                                  : ": " + copies + " stays as it is; void or delete it in QuickBooks if the money did not come in");
    }
    send_api_json(response, 200,
                  {{"payment", deletion.payment.str()},
                   {"deleted", true},
                   {"already_deleted", deletion.already_deleted},
                   {"dismissed_writes", deletion.dismissed},
                   {"quickbooks_changed", false},
                   {"untouched_copies", untouched},
                   {"message", message}});
}

}  // namespace ledgersync::api::admin
