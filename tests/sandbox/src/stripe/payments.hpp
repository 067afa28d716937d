#pragma once
/// Payment intents (`pi_`) and charges (`ch_`): create, confirm, capture, cancel, update. A
/// successful capture records the charge's balance transaction: the amount settled in the
/// account's currency (converted at the configured rate when presented in another one), the
/// fee from the fee schedule split into `fee_details` (stripe_fee, application_fee, tax).
/// Stripe's test payment methods decide the outcome (stripe docs "Testing"):
/// pm_card_visa / tok_visa (and mastercard, amex) succeed, pm_card_chargeDeclined and
/// pm_card_chargeDeclinedInsufficientFunds are declined (402 card_error), and
/// pm_card_createDispute succeeds and is disputed at once.

#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

class StripeAccount;

nlohmann::json& create_payment_intent(StripeAccount& account, const nlohmann::json& params);
nlohmann::json& update_payment_intent(StripeAccount& account, const std::string& id,
                                      const nlohmann::json& params);
nlohmann::json& confirm_payment_intent(StripeAccount& account, const std::string& id,
                                       const nlohmann::json& params);
nlohmann::json& capture_payment_intent(StripeAccount& account, const std::string& id,
                                       const nlohmann::json& params);
nlohmann::json& cancel_payment_intent(StripeAccount& account, const std::string& id,
                                      const nlohmann::json& params);

/// POST /v1/charges: a charge of a `source` (tok_visa, ...) or a customer, without an intent.
nlohmann::json& create_charge(StripeAccount& account, const nlohmann::json& params);
nlohmann::json& update_charge(StripeAccount& account, const std::string& id,
                              const nlohmann::json& params);
nlohmann::json& capture_charge(StripeAccount& account, const std::string& id,
                               const nlohmann::json& params);

nlohmann::json& require_object(StripeAccount& account, const std::string& type,
                               const std::string& id, const std::string& param = "id");

}  // namespace ledgersync::sandbox::stripe
