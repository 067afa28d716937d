#pragma once
/// Refunds (`re_`) of a charge or a payment intent's charge, whole or partial. Each refund is
/// one balance transaction of type `refund` with a negative amount and no fee: Stripe keeps
/// the processing fee of a refunded charge (stripe.md §2.4). A refund of a charge presented in
/// another currency converts at the rate in force when it is made, as Stripe does, so its
/// settlement amount may differ from the charge's share.

#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

class StripeAccount;

nlohmann::json& create_refund(StripeAccount& account, const nlohmann::json& params,
                              const std::string& charge_from_path = {});
nlohmann::json& update_refund(StripeAccount& account, const std::string& id,
                              const nlohmann::json& params);
/// The bank returned the refund: status failed, and a `refund_failure` transaction gives the
/// money back to the balance.
nlohmann::json& fail_refund(StripeAccount& account, const std::string& id,
                            const std::string& failure_reason);

}  // namespace ledgersync::sandbox::stripe
