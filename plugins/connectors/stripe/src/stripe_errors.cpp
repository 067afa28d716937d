#include "stripe_errors.hpp"

#include <ledgersync/sdk/json.hpp>

namespace ledgersync::connectors::stripe {

namespace {

std::string member(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string request_id_note(const sdk::HttpResponse& response) {
    const std::string id = response.header("Request-Id");
    return id.empty() ? std::string() : " (Request-Id " + id + ")";
}

}  // namespace

std::string StripeError::describe() const {
    std::string text = type.empty() ? std::string("error") : type;
    if (!code.empty()) text += "/" + code;
    if (!decline_code.empty()) text += " (" + decline_code + ")";
    if (!message.empty()) text += ": " + message;
    if (!param.empty()) text += " (param " + param + ")";
    return text;
}

std::optional<StripeError> parse_stripe_error(std::string_view body) {
    nlohmann::json document;
    try {
        document = sdk::parse_json_exact(body);
    } catch (const sdk::JsonParseError&) {
        return std::nullopt;
    }
    const auto error = document.is_object() ? document.find("error") : document.end();
    if (!document.is_object() || error == document.end() || !error->is_object()) return std::nullopt;
    return StripeError{member(*error, "type"), member(*error, "code"), member(*error, "message"), member(*error, "param"),
                       member(*error, "decline_code")};
}

sdk::Outcome classify_response(const sdk::HttpResponse& response, const CallContext& context) {
    const int status = response.status;
    const auto error = parse_stripe_error(response.body);
    const std::string said = error ? error->describe() : "HTTP " + std::to_string(status) + (response.body.empty() ? "" : ": " + response.body.substr(0, 300));
    const std::string reason =
        "Stripe refused " + context.action + " " + context.object + " with " + std::to_string(status) + " " + said + request_id_note(response);
    const std::string should_retry = response.header("Stripe-Should-Retry");
    const std::string code = error ? error->code : std::string();

    if (status == 401) {
        return sdk::Outcome::auth(reason, "check api_key: Stripe does not accept it (revoked, rolled, or a test key against live mode)");
    }
    if (status == 403) {
        return sdk::Outcome::auth(reason, "the restricted key lacks the permission Stripe names; grant it in the Stripe Dashboard (Read on "
                                          "Balance, Balance transaction sources, Charges, Refunds, Payouts, Disputes and Events; Write on "
                                          "Refunds to make refunds); the connection's check lists every one missing");
    }
    if (status == 429 && code != "lock_timeout" && should_retry != "true") {
        const auto wait = response.retry_after.count() > 0 ? response.retry_after : kRateLimitWait;
        return sdk::Outcome::rate_limited(wait, reason);
    }
    // Stripe's own word decides first (stripe-go shouldRetry).
    if (should_retry == "true") {
        return status == 429 || status == 409 ? sdk::Outcome::rate_limited(kContentionWait, reason) : sdk::Outcome::transient(reason);
    }
    if (should_retry == "false") {
        return sdk::Outcome::data(reason, "Stripe says this request must not be retried as it is; correct the object and retry the failure");
    }
    if (status == 429 || status == 409) return sdk::Outcome::rate_limited(kContentionWait, reason);
    if (status >= 500 || status == 0) return sdk::Outcome::transient(reason);
    if (status == 404) {
        return sdk::Outcome::data(reason, "the object does not exist in this Stripe account (or in this mode: test and live keys see "
                                          "different objects)");
    }
    if (error && error->type == "idempotency_error") {
        return sdk::Outcome::data(reason, "the same idempotency key was used with other parameters; a changed record gets a new key on "
                                          "its next change, or retry the failure after correcting it");
    }
    if (error && error->type == "card_error") return sdk::Outcome::data(reason, "the payment method was declined; nothing was moved");
    return sdk::Outcome::data(reason, "correct the request as Stripe's message says, then retry the failure");
}

}  // namespace ledgersync::connectors::stripe
