#include "app/fees_report.hpp"

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/model/payment.hpp>
#include <ledgersync/sdk/money.hpp>

namespace ledgersync::app {

namespace {

/// Payments read per transaction while the report walks the store.
constexpr std::int64_t kPaymentsPerRead = 500;

nlohmann::json row_json(const FeesReport::Row& row, const std::string& group_name) {
    return {{group_name, row.group},
            {"currency", row.currency},
            {"payments", row.payments},
            {"processing", fee_amount_text(row.processing, row.currency)},
            {"platform", fee_amount_text(row.platform, row.currency)},
            {"tax_on_fees", fee_amount_text(row.tax_on_fees, row.currency)},
            {"total", fee_amount_text(row.total(), row.currency)}};
}

}  // namespace

std::string fee_amount_text(const sdk::Decimal& amount, const std::string& currency) {
    const auto known = sdk::Currency::find(currency);
    if (!known || !amount.fits_scale(known->exponent)) return amount.to_string();
    return amount.rescaled(known->exponent).to_string();
}

using sdk::model::Payment;
using sdk::model::PaymentStatus;

FeesReport::FeesReport(std::string from, std::string to, Grouping by) : from_(std::move(from)), to_(std::move(to)), by_(by) {}

FeesReport FeesReport::of_store(store::Store& store, const config::HostConfig& config, std::string from, std::string to,
                                Grouping by, std::vector<std::string>& left_out) {
    FeesReport report(std::move(from), std::move(to), by);
    for (const auto& [connection, settings] : config.connections) {
        std::string after;
        while (true) {
            std::vector<store::MirrorEntry> entries;
            store.read([&](store::StoreTransaction& tx) { entries = tx.mirror_entries(connection, "payment", after, kPaymentsPerRead); });
            if (entries.empty()) break;
            after = entries.back().object.id;
            for (const auto& entry : entries) {
                try {
                    report.add(sdk::parse_json_exact(entry.record_json).at("body"));
                } catch (const std::exception& e) {
                    left_out.push_back(entry.object.str() + " is left out of the report: " + e.what());
                }
            }
        }
    }
    return report;
}

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

nlohmann::json FeesReport::to_json() const {
    nlohmann::json j = {{"from", from_}, {"to", to_}, {"by", grouping_name()}, {"rows", nlohmann::json::array()},
                        {"totals", nlohmann::json::array()}};
    for (const auto& row : rows()) j["rows"].push_back(row_json(row, grouping_name()));
    for (const auto& row : totals()) j["totals"].push_back(row_json(row, grouping_name()));
    return j;
}

std::string FeesReport::to_csv() const {
    std::string csv = std::string(grouping_name()) + ",currency,payments,processing,platform,tax_on_fees,total\n";
    for (const auto& row : rows()) {
        csv += row.group + "," + row.currency + "," + std::to_string(row.payments) + "," +
               fee_amount_text(row.processing, row.currency) + "," + fee_amount_text(row.platform, row.currency) + "," +
               fee_amount_text(row.tax_on_fees, row.currency) + "," + fee_amount_text(row.total(), row.currency) + "\n";
    }
    return csv;
}

}  // namespace ledgersync::app
