#include "qbo/transaction_math.hpp"

#include <algorithm>
#include <optional>

#include "qbo/qbo_fault.hpp"
#include "qbo/qbo_json.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

using sdk::Decimal;

const nlohmann::json& require_lines(const nlohmann::json& txn) {
    if (!txn.contains("Line") || txn.at("Line").is_null())
        throw faults::required_param_missing("Line");
    const auto& lines = txn.at("Line");
    if (!lines.is_array())
        throw faults::invalid_property("Line", "Line must be an array");
    return lines;
}

std::string detail_type_of(const nlohmann::json& line) {
    if (!line.is_object())
        throw faults::invalid_property("Line", "each line must be an object");
    const std::string type = string_member(line, "DetailType");
    if (type.empty())
        throw faults::required_param_missing("Line.DetailType");
    return type;
}

// Checks an item line (sales or item-based expense) and returns its amount, rounded to cents.
Decimal checked_item_amount(nlohmann::json& line, const char* detail_member) {
    if (!line.contains("Amount") || line.at("Amount").is_null())
        throw faults::required_param_missing("Line.Amount");
    const Decimal supplied = decimal_member(line, "Amount");
    const Decimal amount = round_money(supplied);
    const nlohmann::json& detail =
        line.contains(detail_member) ? line.at(detail_member) : nlohmann::json::object();
    if (!detail.is_object())
        throw faults::invalid_property(std::string("Line.") + detail_member, "must be an object");
    const bool has_qty = detail.contains("Qty") && !detail.at("Qty").is_null();
    const bool has_price = detail.contains("UnitPrice") && !detail.at("UnitPrice").is_null();
    if (has_qty && has_price) {
        const Decimal expected = Decimal::multiply_rounded(decimal_member(detail, "Qty"),
                                                           decimal_member(detail, "UnitPrice"), 2,
                                                           sdk::RoundingMode::half_up);
        if (expected != amount) {
            throw faults::business_validation(
                "Amount is not equal to UnitPrice * Qty. Supplied value:" + supplied.to_string());
        }
    }
    if (amount != supplied)
        line["Amount"] = money_json(amount);
    return amount;
}

// The value of a numeric line Id, 0 otherwise.
std::int64_t line_id_value(const std::string& id) {
    if (id.empty() || id.size() > 18)
        return 0;
    std::int64_t value = 0;
    for (const char c : id) {
        if (c < '0' || c > '9')
            return 0;
        value = value * 10 + (c - '0');
    }
    return value;
}

// Keeps the Ids of lines that already existed (an update naming them), gives the others the
// next free ids in order, and numbers all of them with LineNum 1..n.
void number_lines(std::vector<nlohmann::json*>& numbered,
                  const std::set<std::string>& existing_line_ids) {
    std::int64_t next = 1;
    std::set<std::string> kept;
    for (auto* line : numbered) {
        const std::string id = string_member(*line, "Id");
        if (!id.empty() && existing_line_ids.count(id) > 0 && kept.insert(id).second) {
            next = std::max(next, line_id_value(id) + 1);
        }
    }
    std::int64_t line_num = 1;
    for (auto* line : numbered) {
        const std::string id = string_member(*line, "Id");
        if (kept.erase(id) == 0)
            (*line)["Id"] = std::to_string(next++);  // new, or a repeated id
        (*line)["LineNum"] = line_num++;
    }
}

bool is_taxable(const nlohmann::json& detail) {
    const std::string code = reference_value(detail, "TaxCodeRef");
    return !code.empty() && code != "NON";
}

}  // namespace

SalesFormTotals compute_sales_form(nlohmann::json& txn, const SalesTaxPlan& tax,
                                   const std::set<std::string>& existing_line_ids) {
    const nlohmann::json& input = require_lines(txn);
    nlohmann::json lines = nlohmann::json::array();
    std::optional<nlohmann::json> discount_line;
    Decimal subtotal;
    Decimal taxable;
    for (const auto& original : input) {
        nlohmann::json line = original;
        const std::string type = detail_type_of(line);
        if (type == "SubTotalLineDetail")
            continue;  // read-only, recomputed below
        if (type == "SalesItemLineDetail") {
            const Decimal amount = checked_item_amount(line, "SalesItemLineDetail");
            const auto& detail = line.contains("SalesItemLineDetail")
                                     ? line.at("SalesItemLineDetail")
                                     : nlohmann::json();
            // qbo.md §1.10: a line without ItemRef is documentation; its amount does not count.
            if (reference_value(detail, "ItemRef").empty()) {
                lines.push_back(std::move(line));
                continue;
            }
            subtotal += amount;
            if (is_taxable(detail))
                taxable += amount;
        } else if (type == "GroupLineDetail") {
            auto& group = line["GroupLineDetail"];
            Decimal group_amount;
            if (group.is_object() && group.contains("Line") && group.at("Line").is_array()) {
                for (auto& inner : group["Line"]) {
                    if (detail_type_of(inner) != "SalesItemLineDetail")
                        continue;
                    const Decimal amount = checked_item_amount(inner, "SalesItemLineDetail");
                    group_amount += amount;
                    if (is_taxable(inner.value("SalesItemLineDetail", nlohmann::json::object())))
                        taxable += amount;
                }
            }
            line["Amount"] = money_json(group_amount);
            subtotal += group_amount;
        } else if (type == "DiscountLineDetail") {
            if (discount_line) {
                throw faults::business_validation(
                    "Only one discount line is allowed per transaction. Combine the discounts into "
                    "one "
                    "DiscountLineDetail line.");
            }
            discount_line = std::move(line);
            continue;
        } else if (type != "DescriptionOnly") {
            throw faults::invalid_property(
                "Line.DetailType", "\"" + type + "\" is not a line type of this transaction");
        }
        lines.push_back(std::move(line));
    }

    Decimal discount;
    if (discount_line) {
        auto& detail = (*discount_line)["DiscountLineDetail"];
        if (!detail.is_object())
            detail = nlohmann::json::object();
        if (flag_member(detail, "PercentBased", false)) {
            const Decimal percent = decimal_member(detail, "DiscountPercent");
            discount = round_money(
                Decimal::divide(subtotal * percent, Decimal(100), 6, sdk::RoundingMode::half_up));
        } else {
            discount = round_money(decimal_member(*discount_line, "Amount"));
        }
        if (discount.is_negative() || discount > subtotal) {
            throw faults::business_validation("The discount amount " + discount.to_string() +
                                              " must be between 0 and the subtotal " +
                                              subtotal.to_string() + ".");
        }
        (*discount_line)["Amount"] = money_json(discount);
        discount_line->erase("Id");
        discount_line->erase("LineNum");
    }

    std::vector<nlohmann::json*> numbered;
    for (auto& line : lines)
        numbered.push_back(&line);
    number_lines(numbered, existing_line_ids);
    lines.push_back({{"DetailType", "SubTotalLineDetail"},
                     {"Amount", money_json(subtotal)},
                     {"SubTotalLineDetail", nlohmann::json::object()}});
    if (discount_line)
        lines.push_back(std::move(*discount_line));
    txn["Line"] = std::move(lines);

    // Tax: with a tax code, computed per rate on the taxable amount (after the discount's
    // proportional share when ApplyTaxAfterDiscount); without one, a TotalTax the client set
    // is kept (US companies may override tax), otherwise 0.
    Decimal total_tax;
    nlohmann::json tax_detail = txn.contains("TxnTaxDetail") && txn.at("TxnTaxDetail").is_object()
                                    ? txn.at("TxnTaxDetail")
                                    : nlohmann::json::object();
    if (!tax.using_sales_tax) {
        tax_detail = {{"TotalTax", "0"}};
    } else if (!tax.rates.empty()) {
        Decimal base = taxable;
        if (flag_member(txn, "ApplyTaxAfterDiscount", false) && !discount.is_zero() &&
            !subtotal.is_zero()) {
            base = taxable - round_money(Decimal::divide(discount * taxable, subtotal, 6,
                                                         sdk::RoundingMode::half_up));
        }
        nlohmann::json tax_lines = nlohmann::json::array();
        for (const auto& rate : tax.rates) {
            const Decimal amount = round_money(
                Decimal::divide(base * rate.percent, Decimal(100), 6, sdk::RoundingMode::half_up));
            total_tax += amount;
            tax_lines.push_back({{"DetailType", "TaxLineDetail"},
                                 {"Amount", money_json(amount)},
                                 {"TaxLineDetail",
                                  {{"TaxRateRef", {{"value", rate.rate_id}}},
                                   {"PercentBased", true},
                                   {"TaxPercent", rate.percent.normalized().to_string()},
                                   {"NetAmountTaxable", money_json(base)}}}});
        }
        tax_detail["TaxLine"] = std::move(tax_lines);
        tax_detail["TotalTax"] = money_json(total_tax);
    } else {
        total_tax = round_money(decimal_member(tax_detail, "TotalTax"));
        tax_detail.erase("TaxLine");
        tax_detail["TotalTax"] = money_json(total_tax);
    }
    txn["TxnTaxDetail"] = std::move(tax_detail);

    const Decimal total = subtotal - discount + total_tax;
    if (total.is_negative())
        throw faults::business_validation("The transaction total cannot be negative.");
    txn["TotalAmt"] = money_json(total);
    return {subtotal, discount, total_tax, total};
}

namespace {

/// The Amount of an account line (expense or deposit), required, rounded to cents.
Decimal account_line_amount(nlohmann::json& line) {
    if (!line.contains("Amount") || line.at("Amount").is_null())
        throw faults::required_param_missing("Line.Amount");
    const Decimal amount = round_money(decimal_member(line, "Amount"));
    line["Amount"] = money_json(amount);
    return amount;
}

/// Gives `lines` their Ids (and LineNum when `line_numbers`), and stores them and their
/// `total` as the transaction's Line and TotalAmt.
void store_lines(nlohmann::json& txn, nlohmann::json lines, const Decimal& total,
                 const std::set<std::string>& existing_line_ids, bool line_numbers) {
    std::vector<nlohmann::json*> numbered;
    for (auto& line : lines)
        numbered.push_back(&line);
    number_lines(numbered, existing_line_ids);
    if (!line_numbers) {
        for (auto* line : numbered)
            line->erase("LineNum");
    }
    txn["Line"] = std::move(lines);
    txn["TotalAmt"] = money_json(total);
}

}  // namespace

Decimal compute_purchase(nlohmann::json& txn, const std::set<std::string>& existing_line_ids) {
    const nlohmann::json& input = require_lines(txn);
    nlohmann::json lines = nlohmann::json::array();
    Decimal total;
    for (const auto& original : input) {
        nlohmann::json line = original;
        const std::string type = detail_type_of(line);
        if (type == "ItemBasedExpenseLineDetail") {
            total += checked_item_amount(line, "ItemBasedExpenseLineDetail");
        } else if (type == "AccountBasedExpenseLineDetail") {
            total += account_line_amount(line);
        } else {
            throw faults::invalid_property("Line.DetailType",
                                           "\"" + type + "\" is not a line type of Purchase");
        }
        lines.push_back(std::move(line));
    }
    store_lines(txn, std::move(lines), total, existing_line_ids, false);  // expense lines carry no LineNum
    return total;
}

Decimal compute_deposit(nlohmann::json& txn, const std::set<std::string>& existing_line_ids) {
    const nlohmann::json& input = require_lines(txn);
    nlohmann::json lines = nlohmann::json::array();
    Decimal total;
    for (const auto& original : input) {
        nlohmann::json line = original;
        if (detail_type_of(line) != "DepositLineDetail") {
            throw faults::invalid_property("Line.DetailType", "\"" + detail_type_of(line) + "\" is not a line type of Deposit");
        }
        const Decimal amount = account_line_amount(line);
        if (amount.sign() <= 0)
            throw faults::business_validation("Line.Amount must be greater than 0, not " + amount.to_string() + ".");
        total += amount;
        lines.push_back(std::move(line));
    }
    store_lines(txn, std::move(lines), total, existing_line_ids, true);
    return total;
}

void zero_for_void(nlohmann::json& txn) {
    nlohmann::json lines = nlohmann::json::array();
    if (txn.contains("Line") && txn.at("Line").is_array()) {
        for (auto line : txn.at("Line")) {
            const std::string type = string_member(line, "DetailType");
            if (type == "SubTotalLineDetail")
                continue;
            line["Amount"] = "0";
            for (const char* detail : {"SalesItemLineDetail", "ItemBasedExpenseLineDetail"}) {
                if (line.contains(detail) && line[detail].is_object()) {
                    line[detail]["Qty"] = "0";
                    line[detail].erase("UnitPrice");
                }
            }
            lines.push_back(std::move(line));
        }
    }
    txn["Line"] = std::move(lines);
    txn["TotalAmt"] = "0";
    if (txn.contains("TxnTaxDetail"))
        txn["TxnTaxDetail"] = {{"TotalTax", "0"}};
    for (const char* member :
         {"Balance", "HomeBalance", "HomeTotalAmt", "Deposit", "RemainingCredit"}) {
        if (txn.contains(member))
            txn[member] = "0";
    }
    const std::string note = string_member(txn, "PrivateNote");
    if (note.rfind("Voided", 0) != 0)
        txn["PrivateNote"] = note.empty() ? "Voided" : "Voided - " + note;
}

}  // namespace ledgersync::sandbox::qbo
