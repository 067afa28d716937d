#pragma once
/// Links from HubSpot objects to their counterparts in QuickBooks Online' web app: an invoice's
/// copy (hubspot, ledgersync_qbo_link of invoices) and the QuickBooks payment a commerce payment
/// was written from (hubspot_payments, ledgersync_qbo_link of commerce payments). Each connection
/// configures the URL with {id} where the QuickBooks id goes, for production, sandbox companies
/// or an emulator.

#include <string>
#include <string_view>

#include <ledgersync/sdk/config_reader.hpp>

namespace ledgersync::connectors::hubspot {

/// The ledgersync property holding the link, on invoices and on commerce payments.
inline constexpr const char* kQboLinkProperty = "ledgersync_qbo_link";

/// `link_template` with every {id} replaced by `id`.
std::string qbo_link(const std::string& link_template, const std::string& id);

/// The link template at `key` (`fallback` when absent); one that is not an http(s) URL with {id}
/// is a problem at its path naming `what` ("QuickBooks invoice").
std::string read_qbo_link(sdk::ConfigReader& cfg, std::string_view key, const std::string& fallback, std::string_view what);

}  // namespace ledgersync::connectors::hubspot
