#pragma once
/// The canonical expense (schema sdk/schema/expense.schema.json, "ledgersync.expense" v1): the
/// fees a processor kept on a payment, booked in QBO as a Purchase paid from the clearing
/// account, exactly once per payment (source_payment).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/canonical_type.hpp"
#include "ledgersync/sdk/model/expense_line.hpp"
#include "ledgersync/sdk/model/money_rules.hpp"
#include "ledgersync/sdk/model/reference.hpp"

namespace ledgersync::sdk::model {

/// {"vendor": {"type": "vendor", "id": "41", "name": "Stripe"}, "date": "2026-11-26",
///  "currency": "USD", "paid_from_account": {"type": "account", "id": "35"},
///  "lines": [{"fee_type": "processing", "account": {...}, "amount": "3.20"}],
///  "memo": "Stripe fees on ch_...", "source_payment": {"type": "payment", "id": "ch_..."}}
struct Expense {
    static constexpr std::string_view kType = "expense";
    static constexpr std::string_view kSchemaId = "ledgersync.expense";
    static constexpr std::int64_t kSchemaVersion = 1;
    static constexpr std::string_view kSchemaUri = "https://schemas.ledgersync.dev/expense/v1.json";

    /// Who was paid (type "vendor"): the processor.
    std::optional<Reference> vendor;
    /// "YYYY-MM-DD".
    std::string date;
    /// ISO 4217 code of every line amount.
    std::string currency;
    /// The account the money left (type "account"): the processor's clearing account.
    Reference paid_from_account;
    /// At least one line.
    std::vector<ExpenseLine> lines;
    std::optional<std::string> memo;
    /// The payment whose fees this books (type "payment"): at most one expense per payment.
    std::optional<Reference> source_payment;

    static Expense from_json(const nlohmann::json& json) { return from_canonical_json<Expense>(json); }
    static ValidationProblems validate_json(const nlohmann::json& json) { return validate_canonical<Expense>(json); }
    ValidationProblems validate() const { return validate_json(to_json()); }

    /// The sum of the lines' amounts.
    Decimal total() const {
        Decimal sum;
        for (const auto& line : lines) sum += line.amount;
        return sum;
    }

    /// Every reference with its JSON pointer: vendor, accounts, source payment.
    std::vector<ReferenceSite> references() const {
        std::vector<ReferenceSite> sites;
        if (vendor) sites.push_back({"vendor", "/vendor", *vendor});
        sites.push_back({"paid_from_account", "/paid_from_account", paid_from_account});
        for (std::size_t i = 0; i < lines.size(); ++i) {
            sites.push_back({"account", "/lines/" + std::to_string(i) + "/account", lines[i].account});
        }
        if (source_payment) sites.push_back({"source_payment", "/source_payment", *source_payment});
        return sites;
    }

    nlohmann::json to_json() const {
        nlohmann::json lines_json = nlohmann::json::array();
        for (const auto& line : lines) lines_json.push_back(line.to_json());
        nlohmann::json j{{"date", date},
                         {"currency", currency},
                         {"paid_from_account", paid_from_account.to_json()},
                         {"lines", std::move(lines_json)}};
        if (vendor) j["vendor"] = vendor->to_json();
        if (memo) j["memo"] = *memo;
        if (source_payment) j["source_payment"] = source_payment->to_json();
        return j;
    }

    static Expense read(CanonicalReader& r) {
        Expense e;
        e.vendor = r.reference("vendor", Presence::optional, "vendor");
        e.date = r.required_text("date", TextFormat::date);
        e.currency = r.required_text("currency", TextFormat::currency_code);
        e.paid_from_account = r.reference("paid_from_account", Presence::required, "account").value_or(Reference{});
        e.lines = r.list<ExpenseLine>(
            "lines", Presence::required,
            [&](const nlohmann::json& item, const std::string& path) { return ExpenseLine::read(item, path, r.problems()); },
            1);
        e.memo = r.text("memo", Presence::optional);
        e.source_payment = r.reference("source_payment", Presence::optional, "payment");
        return e;
    }

    void check_rules(ValidationProblems& problems) const {
        const auto known = known_currency(currency, "/currency", problems);
        if (!known) return;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            check_minor_units(lines[i].amount, *known, "/lines/" + std::to_string(i) + "/amount", problems);
        }
    }
};

}  // namespace ledgersync::sdk::model
