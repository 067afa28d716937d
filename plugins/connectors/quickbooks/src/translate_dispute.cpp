// Canonical dispute (one money movement) -> Purchase or Deposit. A dispute moves money through
// the processor's clearing account twice at most: the withdrawal of the disputed amount with the
// dispute fee, and the reinstatement when the dispute is won. Each is its own QuickBooks
// transaction on its own day, written once (the mapper dispute_movements makes one record per
// movement, named by its balance transaction): the withdrawal a Purchase paid from the clearing
// account (the amount to the dispute account, the fee to the dispute-fee expense account), the
// reinstatement a Deposit into it from the same accounts (the fee only when the processor
// returned it). An accountant sees money leave and come back, as the processor's balance did,
// with the payee and the accounts the dispute touched (docs/payments.md, "Disputes").

#include "qbo_json.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;
using sdk::Decimal;
using sdk::model::BalanceTransaction;
using sdk::model::BalanceTransactionType;
using sdk::model::Dispute;

namespace {

const char* kSplitFix =
    "route disputes through the dispute_movements mapper (\"via\": [{\"mapper\": \"dispute_movements\"}]), which makes one "
    "record per movement";

/// The dispute's one movement; refuses a record that carries none or several.
const BalanceTransaction& the_movement(const Dispute& dispute, const std::string& label) {
    if (dispute.transactions.size() != 1) {
        refuse(label, "carries " + std::to_string(dispute.transactions.size()) +
                          " money movements; the QuickBooks connector books a dispute one movement per record",
               kSplitFix);
    }
    return dispute.transactions.front();
}

/// The processor's id of the dispute ("dp_..."), else the record's.
std::string dispute_id(const Dispute& dispute, const sdk::Record& record) {
    const auto id = dispute.processor_ids.find("stripe_dispute");
    return id != dispute.processor_ids.end() ? id->second : record.identity.id;
}

/// An account the mapping must name to book `label`; refuses with the setting to fill in.
const std::string& required_account(const std::string& id, const std::string& label, const std::string& what,
                                    const std::string& setting) {
    if (id.empty()) {
        refuse(label, "cannot be booked: the QuickBooks connection names no " + what,
               "set mapping." + setting + " of the QuickBooks connection (docs/payments.md, \"Disputes\"), then retry");
    }
    return id;
}

json expense_line(const std::string& account, const Decimal& amount, const std::string& description) {
    return json{{"DetailType", "AccountBasedExpenseLineDetail"},
                {"Amount", qbo_number(amount)},
                {"Description", description},
                {"AccountBasedExpenseLineDetail", {{"AccountRef", qbo_ref(account)}}}};
}

json deposit_line(const std::string& account, const Decimal& amount, const std::string& description) {
    return json{{"DetailType", "DepositLineDetail"},
                {"Amount", qbo_number(amount)},
                {"Description", description},
                {"DepositLineDetail", {{"AccountRef", qbo_ref(account)}}}};
}

}  // namespace

std::string dispute_entity(const sdk::Record& record) {
    const auto transactions = record.body.find("transactions");
    if (transactions == record.body.end() || !transactions->is_array() || transactions->size() != 1) return "Purchase";
    const auto& movement = transactions->front();
    return movement.is_object() && movement.value("type", "") == "dispute_reversal" ? "Deposit" : "Purchase";
}

QboBody dispute_to_qbo(const sdk::Record& record, const MappingSettings& mapping) {
    const Dispute dispute = canonical_body<Dispute>(record);
    QboBody out;
    const std::string id = dispute_id(dispute, record);
    out.label = "dispute " + id + (id == record.identity.id ? "" : " movement " + record.identity.id);
    const BalanceTransaction& movement = the_movement(dispute, out.label);
    const std::string processor = dispute.processor_ids.count("stripe_dispute") != 0 ? "Stripe" : "The processor";
    const std::string& clearing = required_account(mapping.clearing_account_id(), out.label, "clearing account",
                                                   "payment_deposit_account_id (or payout_clearing_account_id)");
    const std::string& disputed_account =
        required_account(mapping.dispute_account_id, out.label, "account for disputed amounts", "dispute_account_id");
    // Amounts in the balance's currency: what the clearing account (the processor's balance) moved.
    const sdk::Currency currency = sdk::Currency::of(movement.currency);
    const Decimal gross = qbo_amount(movement.gross, currency, out.label + " amount");
    const Decimal fee = qbo_amount(movement.fee, currency, out.label + " fee");
    const std::string payment = dispute.payment.id;
    const std::string about = "payment " + payment + " (" + std::string(sdk::model::enum_name(dispute.reason)) + ")";
    const std::string note = processor + " dispute " + id + " of " + about;
    // Needed only for a movement with a fee: a reinstatement without one books none.
    const auto fee_account = [&]() -> const std::string& {
        return required_account(mapping.dispute_fee_account_id, out.label, "expense account for dispute fees",
                                "dispute_fee_account_id");
    };

    json& body = out.body;
    body["TxnDate"] = movement.date.value_or(dispute.date);
    body["CurrencyRef"] = qbo_ref(movement.currency);
    json lines = json::array();
    if (movement.type == BalanceTransactionType::dispute) {
        if (!gross.is_negative() || fee.is_negative()) {
            refuse(out.label, "is a dispute withdrawal of " + gross.to_string() + " " + movement.currency + " with a fee of " +
                                  fee.to_string() + "; a withdrawal takes money out (a negative amount) and a fee of 0 or more",
                   "report the dispute with its balance transaction " + movement.id);
        }
        out.entity = "Purchase";
        body["PaymentType"] = mapping.expense_payment_type;
        body["AccountRef"] = qbo_ref(clearing);
        if (!mapping.dispute_vendor_id.empty()) body["EntityRef"] = json{{"value", mapping.dispute_vendor_id}, {"type", "Vendor"}};
        lines.push_back(expense_line(disputed_account, -gross, "Disputed amount of " + about));
        if (!fee.is_zero()) lines.push_back(expense_line(fee_account(), fee, "Dispute fee on payment " + payment));
        body["PrivateNote"] =
            note + ": the disputed amount" + (fee.is_zero() ? "" : " and the dispute fee") + " withdrawn (" + movement.id + ")";
    } else if (movement.type == BalanceTransactionType::dispute_reversal) {
        if (gross.sign() <= 0) {
            refuse(out.label, "is a dispute reinstatement of " + gross.to_string() + " " + movement.currency +
                                  "; a reinstatement brings money back (a positive amount)",
                   "report the dispute with its balance transaction " + movement.id);
        }
        out.entity = "Deposit";
        body["DepositToAccountRef"] = qbo_ref(clearing);
        lines.push_back(deposit_line(disputed_account, gross, "Disputed amount of " + about + " reinstated: dispute won"));
        // A negative fee is the dispute fee returned; a positive one a charge on the reinstatement.
        if (!fee.is_zero()) {
            lines.push_back(deposit_line(fee_account(), -fee,
                                         fee.is_negative() ? "Dispute fee on payment " + payment + " returned"
                                                           : "Fee on the reinstatement of payment " + payment));
        }
        if ((gross - fee).sign() <= 0) {
            refuse(out.label, "brings back " + (gross - fee).to_string() + " " + movement.currency +
                                  " net; QuickBooks has no deposit of zero or less",
                   "book the reinstatement by hand and dismiss the failure");
        }
        body["PrivateNote"] =
            note + " won: the disputed amount" + (fee.is_negative() ? " and the dispute fee" : "") + " reinstated (" + movement.id + ")";
    } else {
        refuse(out.label, "is a movement of type " + std::string(sdk::model::enum_name(movement.type)) +
                              "; a dispute is booked from its withdrawal (dispute) and reinstatement (dispute_reversal)",
               "report the dispute with its balance transaction " + movement.id);
    }
    body["Line"] = std::move(lines);
    return out;
}

}  // namespace ledgersync::connectors::quickbooks
