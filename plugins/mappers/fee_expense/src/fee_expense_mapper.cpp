#include "fee_expense_mapper.hpp"

#include <utility>

namespace ledgersync::mappers::fee_expense {

namespace {

using sdk::model::Expense;
using sdk::model::ExpenseLine;
using sdk::model::FeeType;
using sdk::model::Payment;
using sdk::model::PaymentStatus;

/// The processor's own name of the payment, for memos: its charge, else its payment id.
std::string processor_reference(const Payment& payment, const std::string& fallback) {
    for (const char* kind : {"stripe_charge", "hubspot_payment", "stripe_payment_intent"}) {
        if (const auto it = payment.processor_ids.find(kind); it != payment.processor_ids.end()) return it->second;
    }
    return fallback;
}

}  // namespace

FeeExpenseMapper::FeeExpenseMapper(sdk::HostServices, const nlohmann::json& config)
    : config_(FeeExpenseConfig::parse(config)) {}

std::vector<sdk::Record> FeeExpenseMapper::map(sdk::Record record) const {
    const std::string what = record.identity.type + " " + record.identity.id;
    if (record.identity.type != "payment") {
        throw sdk::Error(sdk::Outcome::data(what + " is not a payment; fee_expense books the fees of payments",
                                            "route only payments (\"from\": \"<connection>.payment\") through fee_expense"));
    }
    // A deleted payment keeps its fees booked: the processor kept them (docs/payments.md, "Fees").
    if (record.operation == sdk::RecordOperation::remove) return {};
    const Payment payment = Payment::from_json(record.body);
    // Fees are kept once the money moved; a pending or failed payment has none to book yet.
    if (payment.status == PaymentStatus::pending || payment.status == PaymentStatus::failed) return {};
    if (!payment.fees || payment.fees->total().is_zero()) return {};
    const std::string source(sdk::model::enum_name(payment.source));
    const auto processor = config_.processors.find(source);
    if (processor == config_.processors.end()) {
        throw sdk::Error(sdk::Outcome::data(
            what + " was paid through " + source + ", and fee_expense has no accounts for " + source,
            "add \"" + source + "\": {\"vendor\": ID, \"clearing_account\": ID} to the fee_expense config's processors, "
            "or leave " + source + " payments out of the route (\"when\"), then retry"));
    }
    const ProcessorAccounts& accounts = processor->second;
    const std::string reference = processor_reference(payment, record.identity.id);

    Expense expense;
    expense.vendor = accounts.vendor;
    expense.date = payment.date;
    expense.currency = payment.currency;
    expense.paid_from_account = accounts.clearing_account;
    expense.source_payment = sdk::model::Reference("payment", record.identity.id);
    std::string memo = accounts.label + " fees on payment " + reference;
    if (const auto txn = payment.processor_ids.find("balance_transaction"); txn != payment.processor_ids.end()) {
        memo += " (" + txn->second + ")";
    }
    expense.memo = memo;
    for (const auto& [type, amount] : {std::pair{FeeType::processing, payment.fees->processing},
                                       std::pair{FeeType::platform, payment.fees->platform},
                                       std::pair{FeeType::tax_on_fees, payment.fees->tax_on_fees}}) {
        if (amount.is_zero()) continue;
        ExpenseLine line;
        line.fee_type = type;
        line.account = config_.expense_accounts.at(type);
        line.amount = amount;
        line.description = accounts.label + " on " + reference;
        expense.lines.push_back(std::move(line));
    }

    sdk::Record out;
    out.identity = record.identity;
    out.identity.type = std::string(Expense::kType);
    out.identity.id = expense_id(record.identity.id);
    out.version = record.version;
    out.updated_at = record.updated_at;
    out.schema = std::string(Expense::kSchemaId);
    out.schema_version = Expense::kSchemaVersion;
    out.body = expense.to_json();
    // Accounts and the vendor are QuickBooks ids already (the config's): no links to resolve.
    std::vector<sdk::Record> result;
    result.push_back(std::move(out));
    return result;
}

}  // namespace ledgersync::mappers::fee_expense
