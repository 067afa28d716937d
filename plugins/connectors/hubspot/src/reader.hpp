#pragma once
/// Reading the streams "invoice", "customer" (contacts or companies, as customer_from says) and
/// "product" (docs/connectors/hubspot.md, "Reading"); paging, polls and reads by id are the
/// shared ObjectReader's (hubspot_common/src/object_reader.hpp). Invoices come with their
/// association ids; what a page references (line items, discounts, fees, taxes, contacts or
/// companies, the commerce payments applied) is read with batch reads of 100 ids, so a page of
/// 100 invoices costs about 5 calls.

#include <string>
#include <vector>

#include "company_currency.hpp"
#include "config.hpp"
#include "object_reader.hpp"

namespace ledgersync::connectors::hubspot {

class Reader final : public ObjectReader {
public:
    /// `company_currency`: what product prices are in (the connector's, shared with check()).
    Reader(HubSpotClient& client, const HubSpotConfig& config, CompanyCurrency& company_currency);

    /// "invoices", "contacts", "companies", "products".
    std::string object_type_of(const std::string& stream) const override;

protected:
    std::vector<std::string> properties_of(const std::string& object_type) const override;
    std::vector<std::string> associations_of(const std::string& object_type) const override;
    void translate(const std::string& stream, const std::vector<nlohmann::json>& objects, sdk::ReadResult& result) override;

private:
    const HubSpotConfig& config_;
    /// What product prices are in; read at the first product.
    CompanyCurrency& company_currency_;
};

/// The properties the connector reads of an object type; `invoice_custom_properties` come on
/// top of an invoice's own.
std::vector<std::string> properties_read(const std::string& object_type, const std::vector<std::string>& invoice_custom_properties = {});

}  // namespace ledgersync::connectors::hubspot
