#pragma once
// What QuickBooks Online accepts, where the rules depend on it (../shared/reference/qbo.md).

#include <cstddef>

namespace ledgersync::mappers::qbo_invoice_rules {

/// Digits after the point QBO keeps of a UnitPrice (its amounts are 10.5 fixed-point).
constexpr int kMaxUnitPriceDecimals = 5;
/// Line.Description, in UTF-16 code units (QBO is a Java service and counts them).
constexpr std::size_t kMaxLineDescription = 4000;
/// DocNumber, in UTF-16 code units.
constexpr std::size_t kMaxDocNumber = 21;
/// CustomerMemo.value, in UTF-16 code units.
constexpr std::size_t kMaxCustomerMemo = 1000;

}  // namespace ledgersync::mappers::qbo_invoice_rules
