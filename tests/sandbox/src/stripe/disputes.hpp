#pragma once
/// Disputes (`dp_`), as an accountant sees them (pain-points.md 42, 75): opening one withdraws
/// the disputed amount and the dispute fee at once, in one `adjustment` balance transaction
/// (reporting category `dispute`, fee_details "Dispute fee"); a won dispute reinstates the
/// amount in another (`dispute_reversal`; the fee stays with Stripe unless the fee schedule
/// says it is returned); a lost one moves no money. Evidence with Stripe's test texts decides
/// at once: uncategorized_text "winning_evidence" wins, "losing_evidence" loses.

#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

class StripeAccount;

/// Opens a dispute on `charge` (status needs_response, funds withdrawn).
nlohmann::json& open_dispute(StripeAccount& account, nlohmann::json& charge,
                             const std::string& reason);
/// POST /v1/disputes/{id}: evidence, metadata, submit.
nlohmann::json& update_dispute(StripeAccount& account, const std::string& id,
                               const nlohmann::json& params);
/// POST /v1/disputes/{id}/close: the merchant accepts the loss.
nlohmann::json& close_dispute(StripeAccount& account, const std::string& id);
/// The card network's decision: "won" or "lost".
nlohmann::json& resolve_dispute(StripeAccount& account, const std::string& id,
                                const std::string& outcome);

}  // namespace ledgersync::sandbox::stripe
