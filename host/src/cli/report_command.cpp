#include <iomanip>
#include <iostream>
#include <regex>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/money.hpp>

#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "cli/fees_report.hpp"
#include "cli/options.hpp"
#include "cli/store_access.hpp"

namespace ledgersync::cli {

namespace {

constexpr const char* kReportUsage = R"(usage: ledgersync report fees --from DATE --to DATE [--by processor|month] [--format table|csv|json]
                              [--config FILE]   (default config /etc/ledgersync/ledgersync.json)

What the payment processors kept on the payments the host has read (Stripe, HubSpot payments: the
payments of every connection, from the host's store, without calling any API): processing fees,
platform fees and tax on fees, summed exactly per currency and per processor (--by processor, the
default) or per month of the payment date (--by month). DATE is YYYY-MM-DD; both ends are
included. Only payments whose money moved are counted (succeeded, refunded or partially refunded:
a refund does not return the fee). Amounts of different currencies are never added together.)";

/// Payments read per transaction while the report walks the store.
constexpr std::int64_t kPaymentsPerRead = 500;

bool is_date(const std::string& text) {
    static const std::regex date("[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");
    return std::regex_match(text, date);
}

/// `amount` with the currency's minor units ("0" in USD prints "0.00").
std::string money_text(const sdk::Decimal& amount, const std::string& currency) {
    const auto known = sdk::Currency::find(currency);
    if (!known || !amount.fits_scale(known->exponent)) return amount.to_string();
    return amount.rescaled(known->exponent).to_string();
}

nlohmann::json row_json(const FeesReport::Row& row, const std::string& group_name) {
    return {{group_name, row.group},
            {"currency", row.currency},
            {"payments", row.payments},
            {"processing", money_text(row.processing, row.currency)},
            {"platform", money_text(row.platform, row.currency)},
            {"tax_on_fees", money_text(row.tax_on_fees, row.currency)},
            {"total", money_text(row.total(), row.currency)}};
}

void print_csv(const std::vector<FeesReport::Row>& rows, const std::string& group_name, std::ostream& out) {
    out << group_name << ",currency,payments,processing,platform,tax_on_fees,total\n";
    for (const auto& row : rows) {
        out << row.group << "," << row.currency << "," << row.payments << "," << money_text(row.processing, row.currency) << ","
            << money_text(row.platform, row.currency) << "," << money_text(row.tax_on_fees, row.currency) << ","
            << money_text(row.total(), row.currency) << "\n";
    }
}

void print_table(const std::vector<FeesReport::Row>& rows, const std::vector<FeesReport::Row>& totals,
                 const std::string& group_name, const std::string& from, const std::string& to, std::ostream& out) {
    out << "Fees kept by payment processors, " << from << " to " << to << "\n\n";
    const auto line = [&](const std::string& group, const std::string& currency, const std::string& payments,
                          const std::string& processing, const std::string& platform, const std::string& tax,
                          const std::string& total) {
        out << std::left << std::setw(18) << group << std::setw(9) << currency << std::right << std::setw(9) << payments
            << std::setw(15) << processing << std::setw(15) << platform << std::setw(15) << tax << std::setw(15) << total << "\n";
    };
    line(group_name, "currency", "payments", "processing", "platform", "tax_on_fees", "total");
    if (rows.empty()) out << "(no payment with fees in that period)\n";
    const auto row_line = [&](const FeesReport::Row& row) {
        line(row.group, row.currency, std::to_string(row.payments), money_text(row.processing, row.currency),
             money_text(row.platform, row.currency), money_text(row.tax_on_fees, row.currency), money_text(row.total(), row.currency));
    };
    for (const auto& row : rows) row_line(row);
    if (rows.size() > totals.size()) {
        out << "\n";
        for (const auto& row : totals) row_line(row);
    }
}

int fees(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
    for (const char* bound : {"from", "to"}) {
        if (vm.count(bound) == 0) {
            err << "ledgersync: report fees needs --" << bound << " DATE (YYYY-MM-DD)\n\n" << kReportUsage << "\n";
            return kExitUsage;
        }
        if (!is_date(vm[bound].as<std::string>())) {
            err << "ledgersync: --" << bound << " \"" << vm[bound].as<std::string>()
                << "\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01\n";
            return kExitUsage;
        }
    }
    const std::string from = vm["from"].as<std::string>();
    const std::string to = vm["to"].as<std::string>();
    if (from > to) {
        err << "ledgersync: --from " << from << " is after --to " << to << "; swap them\n";
        return kExitUsage;
    }
    const std::string by = vm["by"].as<std::string>();
    if (by != "processor" && by != "month") {
        err << "ledgersync: --by \"" << by << "\" is not one of processor, month\n";
        return kExitUsage;
    }
    const std::string format = vm["format"].as<std::string>();
    if (format != "table" && format != "csv" && format != "json") {
        err << "ledgersync: --format \"" << format << "\" is not one of table, csv, json\n";
        return kExitUsage;
    }
    int exit_code = kExitOk;
    const auto config = read_config(vm["config"].as<std::string>(), err, exit_code);
    if (!config) return exit_code;
    auto opened = open_store(vm["config"].as<std::string>(), err);
    if (!opened.store) return opened.exit_code;

    FeesReport report(from, to, by == "month" ? FeesReport::Grouping::month : FeesReport::Grouping::processor);
    std::int64_t unreadable = 0;
    for (const auto& [connection, settings] : config->connections) {
        std::string after;
        while (true) {
            std::vector<store::MirrorEntry> entries;
            opened.store->read([&](store::StoreTransaction& tx) { entries = tx.mirror_entries(connection, "payment", after, kPaymentsPerRead); });
            if (entries.empty()) break;
            after = entries.back().object.id;
            for (const auto& entry : entries) {
                try {
                    report.add(sdk::parse_json_exact(entry.record_json).at("body"));
                } catch (const std::exception& e) {
                    ++unreadable;
                    err << "ledgersync: " << entry.object.str() << " is left out of the report: " << e.what() << "\n";
                }
            }
        }
    }
    const auto rows = report.rows();
    const auto totals = report.totals();
    if (format == "json") {
        nlohmann::json j = {{"from", from}, {"to", to}, {"by", by}, {"rows", nlohmann::json::array()}, {"totals", nlohmann::json::array()}};
        for (const auto& row : rows) j["rows"].push_back(row_json(row, by));
        for (const auto& row : totals) j["totals"].push_back(row_json(row, by));
        out << j.dump(2) << "\n";
    } else if (format == "csv") {
        print_csv(rows, by, out);
    } else {
        print_table(rows, totals, by, from, to, out);
    }
    return unreadable == 0 ? kExitOk : kExitFailure;
}

}  // namespace

int report_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("report options");
    options.add_options()
        ("report", po::value<std::string>()->required(), "fees")
        ("from", po::value<std::string>(), "first payment date, YYYY-MM-DD")
        ("to", po::value<std::string>(), "last payment date, YYYY-MM-DD")
        ("by", po::value<std::string>()->default_value("processor"), "processor or month")
        ("format", po::value<std::string>()->default_value("table"), "table, csv or json")
        ("config,c", po::value<std::string>()->default_value(kDefaultConfigFile), "configuration file");
    po::positional_options_description positional;
    positional.add("report", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kReportUsage, options, positional, out, err, exit_code);
    if (!vm) return exit_code;
    if ((*vm)["report"].as<std::string>() != "fees") {
        err << "ledgersync: unknown report '" << (*vm)["report"].as<std::string>() << "'; reports: fees\n\n" << kReportUsage << "\n";
        return kExitUsage;
    }
    return fees(*vm, out, err);
}

}  // namespace ledgersync::cli
