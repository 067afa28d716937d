#pragma once
/// An error answered in Stripe's shape (stripe.md §1.5): an HTTP status and
/// {"error": {"type", "code", "message", "param", "doc_url", ...}}. Every failure of a Stripe
/// request is thrown as one of these and rendered by StripeApi; the factories hold the exact
/// texts Stripe sends, so no handler writes them twice.

#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

class StripeError : public std::runtime_error {
public:
    StripeError(int status, std::string type, std::string code, const std::string& message,
                std::string param = {});

    int status() const noexcept { return status_; }
    const std::string& type() const noexcept { return type_; }
    const std::string& code() const noexcept { return code_; }
    const std::string& param() const noexcept { return param_; }
    /// The Stripe-Should-Retry header to send, when Stripe would send one.
    std::optional<bool> should_retry() const noexcept { return should_retry_; }
    /// Whether Stripe keeps this outcome under the request's idempotency key. Errors raised
    /// before the endpoint began executing (validation, rate limits, conflicts) are not kept,
    /// so a corrected retry with the same key is allowed (stripe.md §1.3).
    bool stored_for_idempotency() const noexcept { return stored_for_idempotency_; }

    StripeError& with_should_retry(bool value);
    StripeError& with_decline_code(std::string decline_code);
    StripeError& with_charge(std::string charge_id);
    StripeError& executed();

    /// {"error": {...}} with the request log URL of `request_id`.
    nlohmann::json to_json(const std::string& request_id) const;

private:
    int status_;
    std::string type_;
    std::string code_;
    std::string param_;
    std::string decline_code_;
    std::string charge_;
    std::optional<bool> should_retry_;
    bool stored_for_idempotency_ = false;
};

/// The errors Stripe answers, with its own wording.
namespace errors {
StripeError parameter_unknown(const std::string& param);
StripeError parameter_missing(const std::string& param);
/// A value of the wrong type or out of range; `message` says what was wanted, `code` is
/// Stripe's (parameter_invalid_integer, ...).
StripeError parameter_invalid(const std::string& param, const std::string& message,
                              const std::string& code = "parameter_invalid_string");
StripeError invalid_request(const std::string& message, const std::string& param = {});
StripeError resource_missing(const std::string& object_name, const std::string& id,
                             const std::string& param = "id");
StripeError unrecognized_url(const std::string& method, const std::string& path);
StripeError authentication(const std::string& message);
StripeError idempotency_mismatch(const std::string& key);
StripeError idempotency_endpoint_mismatch(const std::string& key, const std::string& stored_path,
                                          const std::string& path);
StripeError idempotency_in_use(const std::string& key);
StripeError rate_limited();
StripeError lock_timeout();
StripeError api_error(int status, const std::string& message);
StripeError card_declined(const std::string& decline_code, const std::string& message,
                          const std::string& charge_id);
}  // namespace errors

}  // namespace ledgersync::sandbox::stripe
