#pragma once
/// The canonical invoice (schema sdk/schema/invoice.schema.json, "ledgersync.invoice" v1).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/model/associations.hpp"
#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/canonical_type.hpp"
#include "ledgersync/sdk/model/discount.hpp"
#include "ledgersync/sdk/model/enum_names.hpp"
#include "ledgersync/sdk/model/invoice_payment.hpp"
#include "ledgersync/sdk/model/invoice_totals.hpp"
#include "ledgersync/sdk/model/line_item.hpp"
#include "ledgersync/sdk/model/money_rules.hpp"
#include "ledgersync/sdk/model/reference.hpp"
#include "ledgersync/sdk/money.hpp"

namespace ledgersync::sdk::model {

/// Where an invoice is in its life. Drafts are not synced (HubSpot syncs on Finalize).
enum class InvoiceStatus { draft, open, paid, voided };

template <>
struct EnumNames<InvoiceStatus> {
    static constexpr std::string_view kWhat = "invoice status";
    static constexpr EnumName<InvoiceStatus> kNames[] = {{InvoiceStatus::draft, "draft"},
                                                         {InvoiceStatus::open, "open"},
                                                         {InvoiceStatus::paid, "paid"},
                                                         {InvoiceStatus::voided, "voided"}};
};

/// An invoice in one currency: its lines, at most one invoice-level discount, and totals that
/// must follow from them exactly (invoice_totals.hpp). Field meanings: docs/model.md.
struct Invoice {
    static constexpr std::string_view kType = "invoice";
    static constexpr std::string_view kSchemaId = "ledgersync.invoice";
    static constexpr std::int64_t kSchemaVersion = 1;
    static constexpr std::string_view kSchemaUri = "https://schemas.ledgersync.dev/invoice/v1.json";

    /// The invoice number people see ("1037", "INV-1003"); drafts may have none yet.
    std::optional<std::string> number;
    InvoiceStatus status = InvoiceStatus::draft;
    /// ISO 4217 code; every amount of the invoice is in this currency.
    std::string currency;
    /// "YYYY-MM-DD".
    std::string issue_date;
    /// "YYYY-MM-DD", not before issue_date.
    std::optional<std::string> due_date;
    /// The customer billed (type "customer"); required unless the invoice is a draft.
    std::optional<Reference> customer;
    std::vector<LineItem> lines;
    /// The single invoice-level discount QBO allows; everything else is a line.
    std::optional<Discount> discount;
    /// The message to the customer printed on the invoice (QBO CustomerMemo, HubSpot comments).
    std::optional<std::string> memo;
    /// Payment terms as text ("Net 30").
    std::optional<std::string> terms;
    /// Custom fields by name: QBO custom fields, HubSpot custom invoice properties. Values are
    /// text, as both systems carry them on the wire.
    std::map<std::string, std::string> custom_fields;
    /// HubSpot deals, contacts and companies the invoice is associated with.
    Associations associations;
    InvoiceTotals totals;
    /// The payments applied to the invoice and where each was made, when the system reports
    /// them (HubSpot does); the bus refuses to create an invoice whose payment was made through
    /// another invoice (docs/bus.md, "Duplicates").
    std::vector<InvoicePayment> payments;
    /// The connector id of the system the invoice was created in ("hubspot", "quickbooks").
    std::string source_system;
    /// When the source system last changed the invoice, RFC 3339 UTC.
    std::string updated_at;

    /// Reads canonical JSON; throws ModelError listing every shape problem.
    static Invoice from_json(const nlohmann::json& json) { return from_canonical_json<Invoice>(json); }
    /// Every problem of a canonical JSON invoice: shape first, then the rules (totals, minor units).
    static ValidationProblems validate_json(const nlohmann::json& json) { return validate_canonical<Invoice>(json); }
    /// Every problem of this invoice, exactly as validate_json(to_json()) finds them.
    ValidationProblems validate() const { return validate_json(to_json()); }

    /// The totals the lines, the invoice discount and totals.amount_paid make (throws
    /// MoneyError for an unknown currency). Assign them to `totals` after building the lines.
    InvoiceTotals computed_totals() const {
        return InvoiceTotals::compute(lines, discount, totals.amount_paid, currency);
    }

    /// `amount` as Money in the invoice's currency (throws MoneyError for an unknown currency).
    Money money(const Decimal& amount) const { return Money(amount, currency); }
    /// totals.total in the invoice's currency.
    Money total() const { return money(totals.total); }
    /// totals.amount_paid in the invoice's currency.
    Money amount_paid() const { return money(totals.amount_paid); }
    /// totals.balance_due in the invoice's currency: what a payment may still cover.
    Money balance_due() const { return money(totals.balance_due); }

    /// Every reference with its JSON pointer: the customer and the lines' products.
    std::vector<ReferenceSite> references() const {
        std::vector<ReferenceSite> sites;
        if (customer) sites.push_back({"customer", "/customer", *customer});
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].product) sites.push_back({"product", "/lines/" + std::to_string(i) + "/product", *lines[i].product});
        }
        return sites;
    }

    /// The canonical JSON form; optional fields that are absent, and empty collections other
    /// than `lines`, are left out.
    nlohmann::json to_json() const {
        nlohmann::json lines_json = nlohmann::json::array();
        for (const auto& line : lines) lines_json.push_back(line.to_json());
        nlohmann::json j{{"status", enum_name(status)},
                         {"currency", currency},
                         {"issue_date", issue_date},
                         {"lines", std::move(lines_json)},
                         {"totals", totals.to_json()},
                         {"source_system", source_system},
                         {"updated_at", updated_at}};
        if (number) j["number"] = *number;
        if (due_date) j["due_date"] = *due_date;
        if (customer) j["customer"] = customer->to_json();
        if (discount) j["discount"] = discount->to_json();
        if (memo) j["memo"] = *memo;
        if (terms) j["terms"] = *terms;
        if (!custom_fields.empty()) j["custom_fields"] = custom_fields;
        if (!associations.empty()) j["associations"] = associations.to_json();
        if (!payments.empty()) {
            nlohmann::json payments_json = nlohmann::json::array();
            for (const auto& p : payments) payments_json.push_back(p.to_json());
            j["payments"] = std::move(payments_json);
        }
        return j;
    }

    /// The shape tier (see canonical_type.hpp).
    static Invoice read(CanonicalReader& r) {
        Invoice inv;
        inv.number = r.text("number", Presence::optional, TextFormat::non_empty);
        const auto status = r.enumeration<InvoiceStatus>("status", Presence::required);
        inv.status = status.value_or(InvoiceStatus::draft);
        inv.currency = r.required_text("currency", TextFormat::currency_code);
        inv.issue_date = r.required_text("issue_date", TextFormat::date);
        inv.due_date = r.text("due_date", Presence::optional, TextFormat::date);
        inv.customer = r.reference("customer", Presence::optional, "customer");
        if (status && *status != InvoiceStatus::draft) r.require("customer", "unless the invoice is a draft");
        inv.lines = r.list<LineItem>("lines", Presence::required, [&](const nlohmann::json& item, const std::string& path) {
            return LineItem::read(item, path, r.problems());
        });
        inv.discount = Discount::read(r, "discount");
        inv.memo = r.text("memo", Presence::optional);
        inv.terms = r.text("terms", Presence::optional);
        inv.custom_fields = r.text_map("custom_fields", TextFormat::any);
        r.object("associations", Presence::optional, [&](CanonicalReader& a) { inv.associations = Associations::read(a); });
        inv.payments = r.list<InvoicePayment>("payments", Presence::optional,
                                              [&](const nlohmann::json& item, const std::string& path) {
                                                  return InvoicePayment::read(item, path, r.problems());
                                              });
        r.object("totals", Presence::required, [&](CanonicalReader& t) { inv.totals = InvoiceTotals::read(t); });
        inv.source_system = r.required_text("source_system", TextFormat::identifier);
        inv.updated_at = r.required_text("updated_at", TextFormat::timestamp);
        return inv;
    }

    /// The rules tier, on a well-shaped invoice (see canonical_type.hpp).
    void check_rules(ValidationProblems& problems) const {
        if (due_date && *due_date < issue_date) {
            problems.add("/due_date", *due_date + " is before the issue date " + issue_date);
        }
        for (std::size_t i = 0; i < payments.size(); ++i) payments[i].check_rules("/payments/" + std::to_string(i), problems);
        const auto known = known_currency(currency, "/currency", problems);
        if (!known) return;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            lines[i].check_rules("/lines/" + std::to_string(i), *known, problems);
        }
        if (discount && !discount->is_percent()) {
            check_minor_units(discount->value(), *known, "/discount/amount", problems);
            if (discount->value() > totals.subtotal) {
                problems.add("/discount/amount", discount->value().to_string() + " is more than the subtotal " +
                                                     totals.subtotal.to_string());
            }
        }
        totals.check_rules(lines, discount, *known, "/totals", problems);
    }
};

}  // namespace ledgersync::sdk::model
