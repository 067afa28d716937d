#pragma once
/// Translation of Stripe objects into canonical records, and nothing else (no I/O). One file per
/// canonical type: translate_payment.cpp (a charge with its balance transaction -> Payment),
/// translate_refund.cpp (a refund -> Refund), translate_payout.cpp (a payout with the balance
/// transactions it contains -> Payout), translate_dispute.cpp (a dispute -> Dispute); the shared
/// pieces (balance transactions among them) are in translate_common.cpp.
/// The mapping tables are in docs/connectors/stripe.md.
///
/// Objects come parsed with sdk::parse_json_exact. What has no faithful canonical form throws
/// TranslationError; callers report it as untranslated, never skip it.

#include <stdexcept>
#include <string>
#include <vector>

#include <ledgersync/sdk.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::connectors::stripe {

/// A Stripe object without a faithful canonical form; what() says which and why.
class TranslationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What the translation needs from the configuration.
struct TranslationSettings {
    /// The metadata key naming the HubSpot invoice a charge pays.
    std::string invoice_metadata_key = "hubspot_invoice_id";
};

/// The canonical payment of a charge. Fees come from its balance transaction (expanded: an
/// object in "balance_transaction"); a charge whose balance transaction is only an id, or that
/// has none (not captured, failed), carries no fees.
sdk::model::Payment payment_from_charge(const nlohmann::json& charge, const TranslationSettings& settings);

/// The canonical refund of a refund object (its balance transaction expanded or not).
sdk::model::Refund refund_from_stripe(const nlohmann::json& refund);

/// The canonical payout of a payout object. `contents` is what GET /v1/balance_transactions?
/// payout=<id> listed, all pages (null for a manual payout, whose contents Stripe does not say);
/// the payout's own balance transactions (its payout and payout_failure) are left out. Throws
/// TranslationError when the amount is not the sum of the contents' net exactly.
sdk::model::Payout payout_from_stripe(const nlohmann::json& payout, const nlohmann::json& contents);

/// The canonical dispute of a dispute object, with its balance_transactions (withdrawal with
/// the dispute fee, reinstatement).
sdk::model::Dispute dispute_from_stripe(const nlohmann::json& dispute);

/// One Stripe balance transaction as a canonical one; `where` names it in errors.
sdk::model::BalanceTransaction balance_transaction_from_stripe(const nlohmann::json& transaction, const std::string& where);

/// The canonical types this connector reads: "payment" (charges), "refund" (refunds), "payout"
/// (payouts; `related` is the payout's contents, see payout_from_stripe) and "dispute".
/// Translates `object` into a record of `type` appended to `records`, or, when it cannot be
/// translated, an entry of `untranslated` saying why.
void translate_object(const std::string& type, const nlohmann::json& object, const TranslationSettings& settings,
                      const std::string& updated_at, std::vector<sdk::Record>& records,
                      std::vector<sdk::UntranslatedRecord>& untranslated, const nlohmann::json& related = nullptr);

/// The "id" member of a Stripe object, or the id itself when `value` is an unexpanded id.
std::string stripe_id(const nlohmann::json& value);

/// The string member `key` of `object`, or "" when absent or not a string.
std::string text_member(const nlohmann::json& object, const char* key);

/// The calendar date (UTC) of a Stripe unix time.
std::string date_of(const nlohmann::json& unix_seconds, const std::string& where);

/// The member `key` of `object`; throws TranslationError naming `what` when absent or null.
const nlohmann::json& required_member(const nlohmann::json& object, const char* key, const std::string& what);

}  // namespace ledgersync::connectors::stripe
