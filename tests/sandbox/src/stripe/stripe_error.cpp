#include "stripe/stripe_error.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

std::string doc_url_for(const std::string& code) {
    if (code.empty())
        return {};
    std::string slug = code;
    for (auto& c : slug) {
        if (c == '_')
            c = '-';
    }
    return "https://stripe.com/docs/error-codes/" + slug;
}

}  // namespace

StripeError::StripeError(int status, std::string type, std::string code,
                         const std::string& message, std::string param)
    : std::runtime_error(message),
      status_(status),
      type_(std::move(type)),
      code_(std::move(code)),
      param_(std::move(param)) {}

StripeError& StripeError::with_should_retry(bool value) {
    should_retry_ = value;
    return *this;
}

StripeError& StripeError::with_decline_code(std::string decline_code) {
    decline_code_ = std::move(decline_code);
    return *this;
}

StripeError& StripeError::with_charge(std::string charge_id) {
    charge_ = std::move(charge_id);
    return *this;
}

StripeError& StripeError::executed() {
    stored_for_idempotency_ = true;
    return *this;
}

nlohmann::json StripeError::to_json(const std::string& request_id) const {
    nlohmann::json error = {{"type", type_}, {"message", what()}};
    if (!code_.empty()) {
        error["code"] = code_;
        error["doc_url"] = doc_url_for(code_);
    }
    if (!param_.empty())
        error["param"] = param_;
    if (!decline_code_.empty())
        error["decline_code"] = decline_code_;
    if (!charge_.empty())
        error["charge"] = charge_;
    if (!request_id.empty()) {
        error["request_log_url"] =
            "https://dashboard.stripe.com/test/logs/" + request_id + "?t=0";
    }
    return {{"error", std::move(error)}};
}

namespace errors {

StripeError parameter_unknown(const std::string& param) {
    return StripeError(400, "invalid_request_error", "parameter_unknown",
                       "Received unknown parameter: " + param, param);
}

StripeError parameter_missing(const std::string& param) {
    return StripeError(400, "invalid_request_error", "parameter_missing",
                       "Missing required param: " + param + ".", param);
}

StripeError parameter_invalid(const std::string& param, const std::string& message,
                              const std::string& code) {
    return StripeError(400, "invalid_request_error", code, message, param);
}

StripeError invalid_request(const std::string& message, const std::string& param) {
    return StripeError(400, "invalid_request_error", "", message, param);
}

StripeError resource_missing(const std::string& object_name, const std::string& id,
                             const std::string& param) {
    return StripeError(404, "invalid_request_error", "resource_missing",
                       "No such " + object_name + ": '" + id + "'", param);
}

StripeError unrecognized_url(const std::string& method, const std::string& path) {
    return StripeError(404, "invalid_request_error", "",
                       "Unrecognized request URL (" + method + ": " + path +
                           "). Please see https://stripe.com/docs or we can help at "
                           "https://support.stripe.com/.");
}

StripeError authentication(const std::string& message) {
    return StripeError(401, "invalid_request_error", "", message);
}

StripeError idempotency_mismatch(const std::string& key) {
    return StripeError(400, "idempotency_error", "",
                       "Keys for idempotent requests can only be used with the same parameters "
                       "they were first used with. Try using a key other than '" +
                           key + "' if you meant to execute a different request.")
        .with_should_retry(false);
}

StripeError idempotency_endpoint_mismatch(const std::string& key, const std::string& stored_path,
                                          const std::string& path) {
    return StripeError(400, "idempotency_error", "",
                       "Keys for idempotent requests can only be used for the same endpoint they "
                       "were first used for ('" +
                           path + "' vs '" + stored_path + "'). Try using a key other than '" +
                           key + "' if you meant to execute a different request.")
        .with_should_retry(false);
}

StripeError idempotency_in_use(const std::string& key) {
    return StripeError(409, "idempotency_error", "idempotency_key_in_use",
                       "There is currently another in-progress request using this Idempotent "
                       "Key (that probably means you submitted twice, and the other request is "
                       "still going through): " +
                           key + ". Please try again later.")
        .with_should_retry(true);
}

StripeError rate_limited() {
    return StripeError(429, "invalid_request_error", "rate_limit",
                       "Request rate limit exceeded. You can learn more about rate limits here "
                       "https://stripe.com/docs/rate-limits.");
}

StripeError lock_timeout() {
    return StripeError(429, "invalid_request_error", "lock_timeout",
                       "This object cannot be accessed right now because another API request or "
                       "Stripe process is currently accessing it. If you see this error "
                       "intermittently, retry the request. If you see this error frequently and "
                       "are making multiple concurrent requests to a single object, make your "
                       "requests serially or at a lower rate.")
        .with_should_retry(true);
}

StripeError api_error(int status, const std::string& message) {
    return StripeError(status, "api_error", "", message).with_should_retry(true);
}

StripeError card_declined(const std::string& decline_code, const std::string& message,
                          const std::string& charge_id) {
    StripeError error(402, "card_error", "card_declined", message);
    error.with_decline_code(decline_code).with_charge(charge_id).executed();
    return error;
}

}  // namespace errors

}  // namespace ledgersync::sandbox::stripe
