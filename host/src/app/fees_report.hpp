#pragma once
/// The fees report (`ledgersync report fees` and GET /api/v1/reports/fees, docs/operations.md):
/// what processors kept on the payments the host has read, from the mirror of every connection's canonical payments, summed
/// exactly (sdk::Decimal) per group (processor or month) and currency. Amounts of different
/// currencies are never added together.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/host_config.hpp"
#include "store/store.hpp"

#include <ledgersync/sdk/decimal.hpp>

namespace ledgersync::app {

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

    /// The report over the canonical payments of every connection of `config` in `store`. A
    /// payment whose body cannot be read is left out, and named with why in `left_out`.
    static FeesReport of_store(store::Store& store, const config::HostConfig& config, std::string from, std::string to,
                               Grouping by, std::vector<std::string>& left_out);

    /// "processor" or "month": the name of the group column.
    const char* grouping_name() const { return by_ == Grouping::month ? "month" : "processor"; }
    const std::string& from() const { return from_; }
    const std::string& to() const { return to_; }

    /// Counts the canonical payment `body` when it is in the report: dated in the range, money
    /// moved (succeeded, partially or wholly refunded: a refund does not return the fee) and
    /// with fees. Throws sdk::model::ModelError for a body that is not a payment.
    void add(const nlohmann::json& body);

    /// One row per (group, currency), in that order.
    std::vector<Row> rows() const;
    /// One row per currency: the sums over every group (group "total").
    std::vector<Row> totals() const;

    /// {"from", "to", "by", "rows": [...], "totals": [...]}, each row's amounts exact decimal
    /// strings at the currency's minor unit.
    nlohmann::json to_json() const;
    /// A header line, then one line per row (no totals): the columns of to_json's rows.
    std::string to_csv() const;

private:
    std::string from_;
    std::string to_;
    Grouping by_;
    std::map<std::pair<std::string, std::string>, Row> rows_;
};

/// `amount` with `currency`'s minor units ("0" in USD is "0.00"), as the report shows amounts.
std::string fee_amount_text(const sdk::Decimal& amount, const std::string& currency);

}  // namespace ledgersync::app
