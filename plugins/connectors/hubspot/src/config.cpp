#include "config.hpp"

#include <ledgersync/sdk/config_reader.hpp>

#include "qbo_link.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {

HubSpotConfig HubSpotConfig::parse(const nlohmann::json& config) {
    sdk::ConfigProblems problems;
    sdk::ConfigReader cfg(config, problems);
    HubSpotConfig c;
    HubSpotConnectionConfig::read(cfg, c);
    c.customer_from = cfg.one_of("customer_from", c.customer_from, {"contact", "company"},
                                 "which association of an invoice is its customer");
    c.qbo_invoice_link = read_qbo_link(cfg, "qbo_invoice_link", kQboInvoiceLink, "QuickBooks invoice");
    c.invoice_custom_properties = cfg.strings("invoice_custom_properties", c.invoice_custom_properties,
                                              "the internal name of an invoice property (Settings > Properties > Invoice)");
    cfg.finish();

    for (std::size_t i = 0; i < c.invoice_custom_properties.size(); ++i) {
        const std::string& name = c.invoice_custom_properties[i];
        const std::string path = cfg.path_of("invoice_custom_properties") + "/" + std::to_string(i);
        if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
            problems.add(path, "\"" + name + "\" is not a property's internal name (lower-case letters, digits and _; "
                               "Settings > Properties > Invoice shows it under the property's name).");
        } else if (connector_invoice_property(name)) {
            problems.add(path, "\"" + name + "\" is a property the connector reads or writes itself; list only custom "
                               "fields (hs_purchase_order_number and the account's own invoice properties).");
        }
    }
    problems.throw_if_any();
    return c;
}

}  // namespace ledgersync::connectors::hubspot
