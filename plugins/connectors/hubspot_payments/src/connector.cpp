#include "connector.hpp"

#include <map>

#include <ledgersync/sdk/timestamp.hpp>

#include "access_check.hpp"
#include "hubspot_objects.hpp"

namespace ledgersync::connectors::hubspot {

namespace {

/// The scope of what this connector writes: commerce payments (with their QBO link).
constexpr const char* kCommercePaymentsWriteScope = "crm.objects.commercepayments.write";

/// HubSpot's object type id of commerce payments.
constexpr const char* kCommercePaymentTypeId = "0-101";

}  // namespace

HubSpotPaymentsConnector::HubSpotPaymentsConnector(sdk::HostServices host, const nlohmann::json& config)
    : config_(HubSpotPaymentsConfig::parse(config)),
      client_(host, config_),
      reader_(client_, config_),
      writer_(client_, config_.qbo_payment_link),
      webhooks_(host, config_, "hubspot_payments") {}

sdk::CheckResult HubSpotPaymentsConnector::check() {
    AccessProblems access;
    // Payments are read with their invoices, contacts and companies, and written against an
    // invoice read first (its currency and balance due).
    check_reads(client_, {"commerce_payments", "invoices", "contacts", "companies"}, access);
    if (!access.fatal) check_write_scopes(client_, {kCommercePaymentsWriteScope}, access);
    if (!access.empty()) return {false, access.describe()};
    const bool stripe_books = config_.payments.byo_stripe_booked_by == ByoStripeBooking::stripe;
    return {true, "connected to HubSpot at " + config_.endpoints.api_base_url + " with " +
                      (config_.auth == AuthMode::oauth ? "an OAuth app" : "a private app token") +
                      "; commerce payments, invoices, contacts and companies can be read; payments processed through your own "
                      "Stripe account (byo_stripe) are booked from " +
                      (stripe_books ? "the Stripe connection (this connection hands them out with source \"stripe\")"
                                    : "this connection (do not also route them from a Stripe connection)") +
                      notes_of(access)};
}

sdk::ReadResult HubSpotPaymentsConnector::read(const sdk::ReadRequest& request) { return reader_.read(request); }

std::vector<sdk::Outcome> HubSpotPaymentsConnector::write(const std::vector<sdk::WriteItem>& items) {
    std::vector<sdk::WriteItem> payments;
    std::vector<std::optional<sdk::Outcome>> refused(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string& type = items[i].record.identity.type;
        if (type == "payment") {
            payments.push_back(items[i]);
            continue;
        }
        refused[i] = sdk::Outcome::data("the hubspot_payments connector writes payments, not " + type + " records (" +
                                            items[i].record.identity.id + ")",
                                        "route invoices and sync outcomes to the hubspot connection of the same HubSpot account");
    }
    const auto written = payments.empty() ? std::vector<sdk::Outcome>() : writer_.write(payments);
    std::vector<sdk::Outcome> outcomes;
    std::size_t p = 0;
    for (std::size_t i = 0; i < items.size(); ++i) outcomes.push_back(refused[i] ? *refused[i] : written[p++]);
    return outcomes;
}

sdk::WebhookResult HubSpotPaymentsConnector::webhook(const sdk::HttpRequest& request) {
    const auto delivery = webhooks_.open(request);
    if (!delivery) return {};
    // The commerce payments to read again, and those deleted (the last word wins). An invoice's
    // association change names the payment when it goes from the payment.
    std::map<std::string, bool> payments;
    std::map<std::string, std::int64_t> deleted_at;
    for (const auto& event : delivery->events) {
        const bool association_change = event.subscription_type.find("associationChange") != std::string::npos;
        std::string id = event.object_id;
        std::string type_id = event.object_type_id;
        if (association_change && !event.from_object_id.empty()) {
            id = event.from_object_id;
            type_id = event.from_object_type_id.empty() ? type_id : event.from_object_type_id;
        }
        if (type_id != kCommercePaymentTypeId || id.empty()) continue;  // not a payment: the hubspot connector's
        const bool deleted = event.deleted && !association_change;
        payments[id] = deleted;
        if (deleted) deleted_at[id] = event.occurred_at_ms;
    }
    sdk::WebhookResult result;
    std::vector<std::string> reread;
    for (const auto& [id, deleted] : payments) {
        if (!deleted) {
            reread.push_back(id);
            continue;
        }
        const std::int64_t at = deleted_at[id] > 0 ? deleted_at[id] : delivery->received_at_ms;
        result.records.push_back(deleted_record("hubspot_payments", "payment", id, sdk::Timestamp::from_epoch_milliseconds(at).to_rfc3339()));
    }
    if (!reread.empty()) {
        // Webhooks are hints: what counts is the payment as HubSpot has it now, with its refunds.
        add_read(reader_.read_ids("payment", reread), result);
    }
    webhooks_.processed(*delivery);
    result.response_status = 200;
    return result;
}

}  // namespace ledgersync::connectors::hubspot
