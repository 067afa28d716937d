#pragma once
// Names an administrator types in the config ("Shipping", "VAT 20%") are compared with the names
// on invoices without regard to ASCII case or surrounding spaces.

#include <string>

namespace ledgersync::mappers::qbo_invoice_rules {

/// `name` without leading and trailing spaces, ASCII letters in lower case.
std::string comparable_name(const std::string& name);

}  // namespace ledgersync::mappers::qbo_invoice_rules
