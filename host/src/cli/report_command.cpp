#include <iomanip>
#include <iostream>
#include <regex>

#include "app/fees_report.hpp"
#include "cli/command.hpp"
#include "cli/exit_code.hpp"
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

bool is_date(const std::string& text) {
    static const std::regex date("[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");
    return std::regex_match(text, date);
}

void print_table(const std::vector<app::FeesReport::Row>& rows, const std::vector<app::FeesReport::Row>& totals,
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
    const auto row_line = [&](const app::FeesReport::Row& row) {
        line(row.group, row.currency, std::to_string(row.payments), app::fee_amount_text(row.processing, row.currency),
             app::fee_amount_text(row.platform, row.currency), app::fee_amount_text(row.tax_on_fees, row.currency), app::fee_amount_text(row.total(), row.currency));
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

    std::vector<std::string> left_out;
    const auto report = app::FeesReport::of_store(*opened.store, *config, from, to,
                                                  by == "month" ? app::FeesReport::Grouping::month : app::FeesReport::Grouping::processor,
                                                  left_out);
    for (const auto& why : left_out) err << "ledgersync: " << why << "\n";
    if (format == "json") {
        out << report.to_json().dump(2) << "\n";
    } else if (format == "csv") {
        out << report.to_csv();
    } else {
        print_table(report.rows(), report.totals(), by, from, to, out);
    }
    return left_out.empty() ? kExitOk : kExitFailure;
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
