#pragma once
/// A payment applied to an invoice, as the invoice's own system reports it, with where the
/// payment was made. The bus refuses to create an invoice whose payment was made through
/// another invoice: an automation that turns every payment into a paid invoice would otherwise
/// bill one payment twice (docs/bus.md, "Duplicates").

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/enum_names.hpp"

namespace ledgersync::sdk::model {

/// Where a payment was made (HubSpot's hs_payment_source_app, lower-cased): a checkout link, a
/// quote, an invoice, a migration, a subscription; `other` for a place the connector does not
/// know.
enum class PaymentChannel { sales_checkout, quote, invoice, migration, subscription, other };

template <>
struct EnumNames<PaymentChannel> {
    static constexpr std::string_view kWhat = "payment channel";
    static constexpr EnumName<PaymentChannel> kNames[] = {{PaymentChannel::sales_checkout, "sales_checkout"},
                                                          {PaymentChannel::quote, "quote"},
                                                          {PaymentChannel::invoice, "invoice"},
                                                          {PaymentChannel::migration, "migration"},
                                                          {PaymentChannel::subscription, "subscription"},
                                                          {PaymentChannel::other, "other"}};
};

/// {"payment": "88001", "made_through": "invoice", "source_invoice": "4412"}. Ids are in the
/// invoice's own system; they are not references the host resolves (a payment need not be
/// synced for its invoice to be).
struct InvoicePayment {
    /// The payment's id.
    std::string payment;
    /// Where the payment was made; absent when the system does not say (a payment recorded by
    /// hand or through the API).
    std::optional<PaymentChannel> made_through;
    /// With made_through "invoice": the invoice the buyer paid. When it is not the invoice that
    /// carries this entry, this invoice was made for a payment another invoice already bills.
    std::optional<std::string> source_invoice;

    nlohmann::json to_json() const {
        nlohmann::json j{{"payment", payment}};
        if (made_through) j["made_through"] = enum_name(*made_through);
        if (source_invoice) j["source_invoice"] = *source_invoice;
        return j;
    }

    /// Reads the entry at `path`; nullopt when it is not an object (reported).
    static std::optional<InvoicePayment> read(const nlohmann::json& json, const std::string& path,
                                              ValidationProblems& problems) {
        CanonicalReader r(json, problems, path);
        if (!r.is_object()) return std::nullopt;
        InvoicePayment p;
        p.payment = r.required_text("payment", TextFormat::non_empty);
        p.made_through = r.enumeration<PaymentChannel>("made_through", Presence::optional);
        p.source_invoice = r.text("source_invoice", Presence::optional, TextFormat::non_empty);
        r.finish();
        return p;
    }

    /// The rules tier: only an invoice names an invoice as the place a payment was made.
    void check_rules(const std::string& path, ValidationProblems& problems) const {
        if (source_invoice && made_through != PaymentChannel::invoice) {
            problems.add(path + "/source_invoice", "is given only when made_through is \"invoice\"");
        }
    }

    bool operator==(const InvoicePayment& o) const {
        return payment == o.payment && made_through == o.made_through && source_invoice == o.source_invoice;
    }
};

}  // namespace ledgersync::sdk::model
