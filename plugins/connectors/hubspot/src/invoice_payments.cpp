#include "invoice_payments.hpp"

#include <map>

#include "translate.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

std::vector<std::string> invoice_payment_properties_read() { return {kPaymentSourceApp, kPaymentSourceId, "hs_lastmodifieddate"}; }

json invoice_payment_entry(const std::string& payment_id, const json* payment) {
    json entry{{"payment", payment_id}};
    if (payment == nullptr) return entry;
    const auto app = property(*payment, kPaymentSourceApp);
    if (!app) return entry;
    static const std::map<std::string, std::string> kChannels = {{"SALES_CHECKOUT", "sales_checkout"},
                                                                 {"QUOTE", "quote"},
                                                                 {"INVOICE", "invoice"},
                                                                 {"MIGRATION", "migration"},
                                                                 {"SUBSCRIPTION", "subscription"}};
    const auto channel = kChannels.find(*app);
    entry["made_through"] = channel == kChannels.end() ? "other" : channel->second;
    if (*app == "INVOICE") {
        if (const auto invoice = property(*payment, kPaymentSourceId)) entry["source_invoice"] = *invoice;
    }
    return entry;
}

}  // namespace ledgersync::connectors::hubspot
