// Purchase <-> canonical expense. A purchase paid from AccountRef to EntityRef (the vendor) with
// one AccountBasedExpenseLineDetail line per fee. The fee type travels in the line's
// description: "Processing fees: Stripe fee on ch_..." (see kFeeLabels).

#include "qbo_json.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;
using sdk::Decimal;
using sdk::model::Expense;
using sdk::model::ExpenseLine;
using sdk::model::FeeType;

namespace {

struct FeeLabel {
    FeeType type;
    const char* label;
};
constexpr FeeLabel kFeeLabels[] = {
    {FeeType::processing, "Processing fees"}, {FeeType::platform, "Platform fees"}, {FeeType::tax_on_fees, "Tax on fees"}};

const char* label_of(FeeType type) {
    for (const auto& f : kFeeLabels) {
        if (f.type == type) return f.label;
    }
    return nullptr;
}

/// "Processing fees: text" -> processing + "text"; "Processing fees" -> processing; else other.
void read_fee_description(const std::string& text, ExpenseLine& line) {
    for (const auto& f : kFeeLabels) {
        const std::string label = f.label;
        if (text == label) {
            line.fee_type = f.type;
            return;
        }
        if (text.rfind(label + ": ", 0) == 0) {
            line.fee_type = f.type;
            line.description = text.substr(label.size() + 2);
            return;
        }
    }
    line.fee_type = FeeType::other;
    if (!text.empty()) line.description = text;
}

}  // namespace

Expense expense_from_qbo(const json& qbo, const MappingSettings& mapping) {
    const std::string id = string_member(qbo, "Id").value_or("?");
    const sdk::Currency currency = qbo_currency(qbo, mapping);
    if (bool_member(qbo, "Credit", false)) {
        throw TranslationError("purchase " + id + " is a credit card credit (money back), which is not an expense");
    }
    Expense expense;
    expense.date = string_member(qbo, "TxnDate").value_or("");
    if (expense.date.empty()) throw TranslationError("purchase " + id + " has no TxnDate");
    expense.currency = currency.code;
    const auto account = ref_value(qbo, "AccountRef");
    if (!account) throw TranslationError("purchase " + id + " has no AccountRef (the account it was paid from)");
    expense.paid_from_account = sdk::model::Reference("account", *account, ref_name(qbo, "AccountRef"));
    if (auto vendor = ref_value(qbo, "EntityRef")) {
        const json* entity = object_member(qbo, "EntityRef");
        const std::string type = string_member(*entity, "type").value_or("Vendor");
        if (type == "Vendor") expense.vendor = sdk::model::Reference("vendor", *vendor, ref_name(qbo, "EntityRef"));
    }
    if (auto note = string_member(qbo, "PrivateNote"); note && !note->empty()) expense.memo = note;
    const json* lines = array_member(qbo, "Line");
    if (lines != nullptr) {
        for (std::size_t i = 0; i < lines->size(); ++i) {
            const json& qbo_line = (*lines)[i];
            const std::string where = "purchase " + id + " Line[" + std::to_string(i) + "]";
            if (!detail_type_is(qbo_line, "AccountBasedExpenseLineDetail")) {
                throw TranslationError(where + " is a " + string_member(qbo_line, "DetailType").value_or("line") +
                                       "; only account-based expense lines have a canonical form");
            }
            const json* detail = object_member(qbo_line, "AccountBasedExpenseLineDetail");
            const auto line_account = detail == nullptr ? std::nullopt : ref_value(*detail, "AccountRef");
            if (!line_account) throw TranslationError(where + " has no AccountRef");
            ExpenseLine line;
            line.account = sdk::model::Reference("account", *line_account, ref_name(*detail, "AccountRef"));
            line.amount = qbo_amount(decimal_member(qbo_line, "Amount").value_or(Decimal(0)), currency, where + " Amount");
            if (line.amount.is_negative()) throw TranslationError(where + " has a negative amount (a credit), not an expense");
            read_fee_description(string_member(qbo_line, "Description").value_or(""), line);
            expense.lines.push_back(std::move(line));
        }
    }
    if (expense.lines.empty()) throw TranslationError("purchase " + id + " has no lines");
    return expense;
}

QboBody expense_to_qbo(const sdk::Record& record, const MappingSettings& mapping) {
    const Expense expense = canonical_body<Expense>(record);
    const ResolvedLinks links(record);
    QboBody out;
    out.entity = "Purchase";
    out.label = "expense " + record.identity.id + (expense.memo ? " (" + *expense.memo + ")" : std::string());
    json& body = out.body;
    body["PaymentType"] = mapping.expense_payment_type;
    body["AccountRef"] = qbo_ref(links.qbo_id("/paid_from_account", expense.paid_from_account));
    if (expense.vendor) {
        body["EntityRef"] = json{{"value", links.qbo_id("/vendor", *expense.vendor)}, {"type", "Vendor"}};
    }
    body["TxnDate"] = expense.date;
    body["CurrencyRef"] = qbo_ref(expense.currency);
    if (expense.memo) body["PrivateNote"] = *expense.memo;
    json lines = json::array();
    for (std::size_t i = 0; i < expense.lines.size(); ++i) {
        const ExpenseLine& line = expense.lines[i];
        if (line.amount.is_zero()) continue;  // nothing to book
        std::string description;
        if (const char* label = label_of(line.fee_type)) {
            description = line.description ? std::string(label) + ": " + *line.description : label;
        } else {
            description = line.description.value_or("");
        }
        json detail{{"AccountRef", qbo_ref(links.qbo_id("/lines/" + std::to_string(i) + "/account", line.account))}};
        json qbo_line{{"DetailType", "AccountBasedExpenseLineDetail"}, {"Amount", qbo_number(line.amount)},
                      {"AccountBasedExpenseLineDetail", std::move(detail)}};
        if (!description.empty()) qbo_line["Description"] = description;
        lines.push_back(std::move(qbo_line));
    }
    if (lines.empty()) {
        refuse(out.label, "every line is zero; there is nothing to book", "leave zero-fee payments out of the fee route");
    }
    body["Line"] = std::move(lines);
    return out;
}

}  // namespace ledgersync::connectors::quickbooks
