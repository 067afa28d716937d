#include "qbo/payment_application.hpp"

#include <algorithm>

#include "qbo/company_time.hpp"
#include "qbo/entity_rules.hpp"
#include "qbo/ledger.hpp"
#include "qbo/qbo_fault.hpp"
#include "qbo/qbo_json.hpp"
#include "qbo/references.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

using sdk::Decimal;

bool applies_to(const nlohmann::json& line, std::string_view txn_type, std::string_view txn_id) {
    if (!line.is_object() || !line.contains("LinkedTxn") || !line.at("LinkedTxn").is_array())
        return false;
    for (const auto& link : line.at("LinkedTxn")) {
        if (string_member(link, "TxnType") == txn_type && string_member(link, "TxnId") == txn_id)
            return true;
    }
    return false;
}

bool in_list(const std::vector<std::pair<std::string, std::string>>& list,
             const std::pair<std::string, std::string>& p) {
    return std::find(list.begin(), list.end(), p) != list.end();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> payment_targets(const nlohmann::json& payment) {
    std::vector<std::pair<std::string, std::string>> targets;
    if (!payment.contains("Line") || !payment.at("Line").is_array())
        return targets;
    for (const auto& line : payment.at("Line")) {
        if (!line.is_object() || !line.contains("LinkedTxn") || !line.at("LinkedTxn").is_array())
            continue;
        for (const auto& link : line.at("LinkedTxn")) {
            std::pair<std::string, std::string> target{string_member(link, "TxnType"),
                                                       string_member(link, "TxnId")};
            if (!in_list(targets, target))
                targets.push_back(std::move(target));
        }
    }
    return targets;
}

Decimal applied_amount(const Ledger& ledger, std::string_view txn_type, std::string_view txn_id,
                       std::string_view except_payment_id) {
    Decimal total;
    ledger.for_each("Payment", [&](const StoredEntity& payment) {
        if (!except_payment_id.empty() && string_member(payment.body, "Id") == except_payment_id)
            return;
        if (!payment.body.contains("Line") || !payment.body.at("Line").is_array())
            return;
        for (const auto& line : payment.body.at("Line")) {
            if (applies_to(line, txn_type, txn_id))
                total += decimal_member(line, "Amount");
        }
    });
    return total;
}

std::vector<std::pair<std::string, std::string>> apply_payment_rules(
    Ledger& ledger, nlohmann::json& payment, const nlohmann::json* previous) {
    if (!payment.contains("TotalAmt") || payment.at("TotalAmt").is_null())
        throw faults::required_param_missing("TotalAmt");
    const Decimal total = round_money(decimal_member(payment, "TotalAmt"));
    if (total.is_negative())
        throw faults::business_validation("The payment amount (TotalAmt) cannot be negative.");
    payment["TotalAmt"] = money_json(total);
    const StoredEntity* customer =
        resolve_reference(ledger, payment, "CustomerRef", "Customer", "CustomerRef");
    const std::string customer_id = string_member(customer->body, "Id");
    const std::string payment_id = string_member(payment, "Id");

    // Currency: the customer's, which every linked transaction shares.
    const std::string home = home_currency(ledger);
    const std::string customer_currency = reference_value(customer->body, "CurrencyRef").empty()
                                              ? home
                                              : reference_value(customer->body, "CurrencyRef");
    const std::string currency = reference_value(payment, "CurrencyRef").empty()
                                     ? customer_currency
                                     : reference_value(payment, "CurrencyRef");
    if (currency != customer_currency && multicurrency_enabled(ledger)) {
        throw faults::business_validation("The payment's currency " + currency +
                                          " must be the customer's currency " + customer_currency +
                                          ".");
    }
    payment["CurrencyRef"] = currency_ref(currency);
    if (multicurrency_enabled(ledger) && !payment.contains("ExchangeRate"))
        payment["ExchangeRate"] = "1";

    if (payment.contains("DepositToAccountRef") && !payment.at("DepositToAccountRef").is_null()) {
        resolve_reference(ledger, payment, "DepositToAccountRef", "Account");
    } else if (const StoredEntity* undeposited =
                   ledger.find_by("Account", "AccountSubType", "UndepositedFunds")) {
        payment["DepositToAccountRef"] = {{"value", string_member(undeposited->body, "Id")}};
    }
    if (payment.contains("PaymentMethodRef") && !payment.at("PaymentMethodRef").is_null()) {
        resolve_reference(ledger, payment, "PaymentMethodRef", "PaymentMethod");
    }
    if (!payment.contains("TxnDate") || payment.at("TxnDate").is_null()) {
        payment["TxnDate"] = company_date(ledger.now_ms());
    }

    Decimal to_invoices;
    Decimal from_credits;
    nlohmann::json lines = nlohmann::json::array();
    if (payment.contains("Line") && !payment.at("Line").is_null()) {
        if (!payment.at("Line").is_array())
            throw faults::invalid_property("Line", "Line must be an array");
        for (auto line : payment.at("Line")) {
            if (!line.is_object())
                throw faults::invalid_property("Line", "each line must be an object");
            if (!line.contains("Amount") || line.at("Amount").is_null())
                throw faults::required_param_missing("Line.Amount");
            const Decimal amount = round_money(decimal_member(line, "Amount"));
            if (amount.is_negative())
                throw faults::business_validation("A payment line amount cannot be negative.");
            line["Amount"] = money_json(amount);
            if (!line.contains("LinkedTxn") || !line.at("LinkedTxn").is_array() ||
                line.at("LinkedTxn").empty()) {
                throw faults::required_param_missing("Line.LinkedTxn");
            }
            for (auto& link : line["LinkedTxn"]) {
                const std::string type = string_member(link, "TxnType");
                const std::string id = string_member(link, "TxnId");
                if (id.empty())
                    throw faults::required_param_missing("Line.LinkedTxn.TxnId");
                if (type != "Invoice" && type != "CreditMemo") {
                    throw faults::invalid_property(
                        "Line.LinkedTxn.TxnType",
                        "\"" + type +
                            "\" cannot be linked by the sandbox; use Invoice or CreditMemo");
                }
                const StoredEntity* target = ledger.find(type, id);
                if (target == nullptr) {
                    if (ledger.was_deleted(type, id))
                        throw faults::transaction_deleted();
                    throw faults::invalid_reference(type, id);
                }
                if (reference_value(target->body, "CustomerRef") != customer_id) {
                    throw faults::business_validation(
                        type + " " + id + " belongs to another customer than the payment's.");
                }
                if (target->voided)
                    throw faults::business_validation(type + " " + id + " has been voided.");
                const Decimal target_total = decimal_member(target->body, "TotalAmt");
                const Decimal open = target_total - decimal_member(target->body, "Deposit") -
                                     applied_amount(ledger, type, id, payment_id);
                if (amount > open) {
                    throw faults::business_validation(
                        "The amount " + amount.to_string() + " applied to " + type + " " + id +
                        " exceeds its open balance " + round_money(open).to_string() + ".");
                }
                if (type == "Invoice") {
                    to_invoices += amount;
                } else {
                    from_credits += amount;
                }
            }
            lines.push_back(std::move(line));
        }
    }
    payment["Line"] = std::move(lines);
    const Decimal applied = to_invoices - from_credits;
    if (applied > total) {
        throw faults::business_validation("The payment applies " + applied.to_string() +
                                          " but its amount is only " + total.to_string() + ".");
    }
    payment["UnappliedAmt"] = money_json(total - applied);
    if (!payment.contains("ProcessPayment"))
        payment["ProcessPayment"] = false;

    auto targets = payment_targets(payment);
    if (previous != nullptr) {
        for (auto& target : payment_targets(*previous)) {
            if (!in_list(targets, target))
                targets.push_back(std::move(target));
        }
    }
    return targets;
}

void compute_open_balance(const Ledger& ledger, std::string_view kind, nlohmann::json& body) {
    const std::string id = string_member(body, "Id");
    if (kind != "Invoice" && kind != "CreditMemo") {
        if (kind != "Estimate")
            body["Balance"] = "0";
        return;
    }
    const Decimal applied = applied_amount(ledger, kind, id);
    const Decimal open =
        decimal_member(body, "TotalAmt") - decimal_member(body, "Deposit") - applied;
    if (open.is_negative()) {
        throw faults::business_validation("The transaction total is less than the " +
                                          applied.to_string() +
                                          " already applied to it by payments.");
    }
    body["Balance"] = money_json(open);
    if (kind == "CreditMemo")
        body["RemainingCredit"] = money_json(open);
    // LinkedTxn: what the client may write (Estimate, TimeActivity links), then the payments.
    nlohmann::json links = nlohmann::json::array();
    if (body.contains("LinkedTxn") && body.at("LinkedTxn").is_array()) {
        for (const auto& link : body.at("LinkedTxn")) {
            if (string_member(link, "TxnType") != "Payment")
                links.push_back(link);
        }
    }
    ledger.for_each("Payment", [&](const StoredEntity& payment) {
        if (!payment.body.contains("Line") || !payment.body.at("Line").is_array())
            return;
        for (const auto& line : payment.body.at("Line")) {
            if (applies_to(line, kind, id)) {
                links.push_back(
                    {{"TxnId", string_member(payment.body, "Id")}, {"TxnType", "Payment"}});
                return;
            }
        }
    });
    if (kind == "Invoice" || !links.empty())
        body["LinkedTxn"] = std::move(links);
    const Decimal rate = decimal_member(body, "ExchangeRate", Decimal(1));
    if (body.contains("HomeTotalAmt"))
        body["HomeBalance"] = money_json(open * rate);
}

void refresh_applied_transaction(Ledger& ledger, const std::string& kind, const std::string& id) {
    const StoredEntity* current = ledger.find(kind, id);
    if (current == nullptr || current->voided)
        return;
    nlohmann::json recomputed = current->body;
    compute_open_balance(ledger, kind, recomputed);
    if (recomputed == current->body)
        return;
    StoredEntity& txn = ledger.modify(kind, id);
    txn.body = std::move(recomputed);
    ledger.touch(kind, txn, "Update");
}

void detach_payments(Ledger& ledger, const std::string& txn_type, const std::string& txn_id) {
    std::vector<std::string> payment_ids;
    ledger.for_each("Payment", [&](const StoredEntity& payment) {
        if (!payment.body.contains("Line") || !payment.body.at("Line").is_array())
            return;
        for (const auto& line : payment.body.at("Line")) {
            if (applies_to(line, txn_type, txn_id)) {
                payment_ids.push_back(string_member(payment.body, "Id"));
                return;
            }
        }
    });
    for (const auto& payment_id : payment_ids) {
        StoredEntity& payment = ledger.modify("Payment", payment_id);
        nlohmann::json lines = nlohmann::json::array();
        Decimal applied;
        for (auto line : payment.body["Line"]) {
            if (line.contains("LinkedTxn") && line["LinkedTxn"].is_array()) {
                auto& links = line["LinkedTxn"];
                links.erase(std::remove_if(links.begin(), links.end(),
                                           [&](const nlohmann::json& link) {
                                               return string_member(link, "TxnType") == txn_type &&
                                                      string_member(link, "TxnId") == txn_id;
                                           }),
                            links.end());
                if (links.empty())
                    continue;  // the line applied only to the detached transaction
                const Decimal amount = decimal_member(line, "Amount");
                applied +=
                    string_member(links.front(), "TxnType") == "CreditMemo" ? -amount : amount;
            }
            lines.push_back(std::move(line));
        }
        payment.body["Line"] = std::move(lines);
        payment.body["UnappliedAmt"] =
            money_json(decimal_member(payment.body, "TotalAmt") - applied);
        ledger.touch("Payment", payment, "Update");
    }
}

}  // namespace ledgersync::sandbox::qbo
