#pragma once
/// The fees report (`ledgersync report fees`, docs/operations.md): what processors kept on the
/// payments the host has read, from the mirror of every connection's canonical payments, summed
/// exactly (sdk::Decimal) per group (processor or month) and currency. Amounts of different
/// currencies are never added together.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/decimal.hpp>

namespace ledgersync::cli {

class FeesReport {
public:
    enum class Grouping {
        processor,  ///< by the payment's source: stripe, hubspot_payments
        month,      ///< by the month of the payment's date: "2026-11"
    };

    struct Row {
        std::string group;
        std::string currency;
        std::int64_t payments = 0;
        sdk::Decimal processing;
        sdk::Decimal platform;
        sdk::Decimal tax_on_fees;
        sdk::Decimal total() const { return processing + platform + tax_on_fees; }
    };

    /// Payments dated from `from` to `to` ("YYYY-MM-DD", both included).
    FeesReport(std::string from, std::string to, Grouping by);

    /// Counts the canonical payment `body` when it is in the report: dated in the range, money
    /// moved (succeeded, partially or wholly refunded: a refund does not return the fee) and
    /// with fees. Throws sdk::model::ModelError for a body that is not a payment.
    void add(const nlohmann::json& body);

    /// One row per (group, currency), in that order.
    std::vector<Row> rows() const;
    /// One row per currency: the sums over every group (group "total").
    std::vector<Row> totals() const;

private:
    std::string from_;
    std::string to_;
    Grouping by_;
    std::map<std::pair<std::string, std::string>, Row> rows_;
};

}  // namespace ledgersync::cli
