#pragma once
/// Reading the streams "payment" and "refund": commerce payments (object type
/// commerce_payments) as canonical payments, and the refunds derived from the history of their
/// hs_refunds_amount (docs/connectors/hubspot_payments.md, "Streams"). Paging, polls and reads
/// by id are the shared ObjectReader's (hubspot_common); a page of payments costs one list or
/// search call plus one batch read (50 a call) of the history of the refunded ones.

#include <string>
#include <vector>

#include "config.hpp"
#include "object_reader.hpp"

namespace ledgersync::connectors::hubspot {

class PaymentReader final : public ObjectReader {
public:
    PaymentReader(HubSpotClient& client, const HubSpotPaymentsConfig& config);

    /// "commerce_payments" for both streams.
    std::string object_type_of(const std::string& stream) const override;
    /// Refund ids ("<payment id>-refund-<n>") are read through their payments.
    sdk::ReadResult read_ids(const std::string& stream, const std::vector<std::string>& ids) override;

protected:
    std::vector<std::string> properties_of(const std::string& object_type) const override;
    /// Invoices, contacts and companies.
    std::vector<std::string> associations_of(const std::string& object_type) const override;
    /// hs_refunds_amount: the refunds of a payment read by id.
    std::vector<std::string> history_read_by_id(const std::string& object_type) const override;
    /// Payments as payment records ("payment" stream) and refund records (both streams); reads
    /// the history of hs_refunds_amount of the refunded ones.
    void translate(const std::string& stream, const std::vector<nlohmann::json>& objects, sdk::ReadResult& result) override;

private:
    /// The refunds with these ids ("<payment id>-refund-<n>"), from their payments read again.
    sdk::ReadResult read_refund_ids(const std::vector<std::string>& ids);

    const HubSpotPaymentsConfig& config_;
};

}  // namespace ledgersync::connectors::hubspot
