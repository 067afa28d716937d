// Canonical payout -> Transfer (or Deposit). A processor's payout moves money from its clearing
// account (where payments are deposited and fees paid from) to the bank, so the bank feed's line
// matches one QuickBooks transaction of exactly the payout's amount. Only a paid payout is booked,
// dated the day it reaches the bank. A negative payout (the bank was debited to cover a negative
// balance) is a transfer the other way: QuickBooks has no negative deposit or transfer. What the
// payout contains was booked as it happened (payments, fees, refunds, disputes into the clearing
// account), so a payout that spans a month end or carries an earlier refund needs nothing more.

#include "qbo_json.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;
using sdk::model::Payout;
using sdk::model::PayoutStatus;

namespace {

/// "Stripe" for "stripe": the processor's name in memos.
std::string processor_name(const std::string& processor) {
    if (processor == "stripe") return "Stripe";
    return processor;
}

}  // namespace

bool payout_is_deposit(const sdk::Record& record, const MappingSettings& mapping) {
    if (mapping.payout_as != "deposit") return false;
    const auto amount = record.body.find("amount");
    if (amount == record.body.end() || !amount->is_string()) return false;
    try {
        return sdk::Decimal::parse(amount->get<std::string>()).sign() > 0;
    } catch (const std::exception&) {
        return false;  // payout_to_qbo refuses it with every problem of the body
    }
}

QboBody payout_to_qbo(const sdk::Record& record, const MappingSettings& mapping) {
    const Payout payout = canonical_body<Payout>(record);
    const std::string payout_id = payout.processor_ids.count("stripe_payout") != 0 ? payout.processor_ids.at("stripe_payout")
                                                                                   : record.identity.id;
    QboBody out;
    out.label = "payout " + payout_id;
    if (payout.status != PayoutStatus::paid) {
        refuse(out.label, std::string("is ") + std::string(sdk::model::enum_name(payout.status)) +
                              "; only a payout that reached the bank (paid) is booked",
               "leave unpaid payouts out of the route (\"when\": {\"eq\": [\"status\", \"paid\"]}); the payout is booked "
               "when it is paid");
    }
    if (payout.amount.is_zero()) refuse(out.label, "is zero; there is nothing to book", "dismiss the failure");
    const std::string& clearing = mapping.clearing_account_id();
    if (clearing.empty() || mapping.payout_bank_account_id.empty()) {
        refuse(out.label, "cannot be booked: the QuickBooks connection names no " +
                              std::string(clearing.empty() ? "clearing account" : "bank account") + " for payouts",
               "set mapping.payout_bank_account_id and mapping.payout_clearing_account_id (or payment_deposit_account_id) "
               "of the QuickBooks connection, then retry");
    }
    const bool to_bank = payout.amount.sign() > 0;
    const sdk::Decimal amount = to_bank ? payout.amount : -payout.amount;
    const sdk::Currency currency = sdk::Currency::of(payout.currency);
    std::string note = processor_name(payout.processor) + " payout " + payout_id + (to_bank ? "" : " (the bank was debited)") +
                       ", arrived " + payout.arrival_date;
    if (payout.transactions) note += ", " + std::to_string(payout.transactions->size()) + " balance transaction(s)";
    json& body = out.body;
    body["TxnDate"] = payout.arrival_date;
    body["CurrencyRef"] = qbo_ref(payout.currency);
    body["PrivateNote"] = note;
    if (payout_is_deposit(record, mapping)) {
        out.entity = "Deposit";
        body["DepositToAccountRef"] = qbo_ref(mapping.payout_bank_account_id);
        body["Line"] = json::array({json{{"DetailType", "DepositLineDetail"},
                                         {"Amount", qbo_number(qbo_amount(amount, currency, out.label + " amount"))},
                                         {"Description", note},
                                         {"DepositLineDetail", {{"AccountRef", qbo_ref(clearing)}}}}});
    } else {
        out.entity = "Transfer";
        body["FromAccountRef"] = qbo_ref(to_bank ? clearing : mapping.payout_bank_account_id);
        body["ToAccountRef"] = qbo_ref(to_bank ? mapping.payout_bank_account_id : clearing);
        body["Amount"] = qbo_number(qbo_amount(amount, currency, out.label + " amount"));
    }
    return out;
}

}  // namespace ledgersync::connectors::quickbooks
