#include "cli/fees_report.hpp"

#include <ledgersync/sdk/model/payment.hpp>

namespace ledgersync::cli {

using sdk::model::Payment;
using sdk::model::PaymentStatus;

FeesReport::FeesReport(std::string from, std::string to, Grouping by) : from_(std::move(from)), to_(std::move(to)), by_(by) {}

void FeesReport::add(const nlohmann::json& body) {
    const Payment payment = Payment::from_json(body);
    // Dates are "YYYY-MM-DD": their text order is their calendar order.
    if (payment.date < from_ || payment.date > to_) return;
    if (payment.status == PaymentStatus::pending || payment.status == PaymentStatus::failed) return;
    if (!payment.fees) return;
    const std::string group = by_ == Grouping::processor ? std::string(sdk::model::enum_name(payment.source))
                                                         : payment.date.substr(0, 7);
    Row& row = rows_[{group, payment.currency}];
    row.group = group;
    row.currency = payment.currency;
    ++row.payments;
    row.processing += payment.fees->processing;
    row.platform += payment.fees->platform;
    row.tax_on_fees += payment.fees->tax_on_fees;
}

std::vector<FeesReport::Row> FeesReport::rows() const {
    std::vector<Row> out;
    out.reserve(rows_.size());
    for (const auto& [key, row] : rows_) out.push_back(row);
    return out;
}

std::vector<FeesReport::Row> FeesReport::totals() const {
    std::map<std::string, Row> by_currency;
    for (const auto& [key, row] : rows_) {
        Row& total = by_currency[row.currency];
        total.group = "total";
        total.currency = row.currency;
        total.payments += row.payments;
        total.processing += row.processing;
        total.platform += row.platform;
        total.tax_on_fees += row.tax_on_fees;
    }
    std::vector<Row> out;
    for (auto& [currency, row] : by_currency) out.push_back(std::move(row));
    return out;
}

}  // namespace ledgersync::cli
