#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <unistd.h>

#include <ledgersync/sdk/connector.hpp>
#include <ledgersync/sdk/outcome.hpp>

#include "app/invoice_pdf_source.hpp"
#include "app/invoice_view.hpp"
#include "cli/command.hpp"
#include "cli/command_connections.hpp"
#include "cli/configured_store.hpp"
#include "cli/exit_code.hpp"
#include "cli/object_report.hpp"
#include "cli/options.hpp"
#include "cli/store_access.hpp"
#include "plugin/plugin_search_path.hpp"
#include "store/store_factory.hpp"

namespace ledgersync::cli {

namespace {

using app::InvoiceView;
using app::MoneyMovement;
using app::qbo_app_link;

/// Timeline entries `invoices show` prints at most.
constexpr std::int64_t kTimelineLimit = 1000;

constexpr const char* kInvoicesUsage = R"(usage: ledgersync invoices show CONNECTION/invoice/ID [--format table|json] [--config FILE]
       ledgersync invoices pdf CONNECTION/invoice/ID -o FILE [--connection NAME] [--config FILE]
       (default config /etc/ledgersync/ledgersync.json)

show: what the host knows of an invoice, from its store (never from the systems): its
properties and lines, its copies in the other connections (with the QuickBooks link), its sync
status, its payments and their refunds (source, date, amount, status, where each is synced) and
its timeline. --format json (or --json) prints the same as JSON.

pdf: downloads an invoice's PDF through the connection that holds it and can make PDFs (a
connection whose plugin serves "invoice_pdf" documents: QuickBooks). The invoice is named by its object key,
as `ledgersync objects show` takes it:
  hubspot/invoice/10042     a HubSpot invoice: the PDF of its synced copy in QuickBooks
  quickbooks/invoice/130    QuickBooks invoice 130, read or written by the bus
--connection NAME picks the connection when the invoice is synced to several that make PDFs.
FILE is written only once the whole PDF has arrived.)";

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text.empty() ? "none" : text;
}

/// Writes `bytes` to `file` whole or not at all (a temporary file renamed over it).
bool write_file(const std::filesystem::path& file, const std::string& bytes, std::string& error) {
    const std::filesystem::path temporary = file.string() + ".part";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) {
            error = std::strerror(errno);
            return false;
        }
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            error = std::strerror(errno);
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            return false;
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, file, ec);
    if (ec) {
        error = ec.message();
        std::filesystem::remove(temporary, ec);
        return false;
    }
    return true;
}

/// Why `file` cannot be written, or "" when it can (checked before anything is fetched).
std::string unwritable(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) return "it is a directory";
    const std::filesystem::path directory = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    if (!std::filesystem::is_directory(directory, ec)) return "its directory " + directory.string() + " does not exist";
    if (::access(directory.c_str(), W_OK) != 0) return "its directory " + directory.string() + " is not writable";
    if (std::filesystem::exists(file, ec) && ::access(file.c_str(), W_OK) != 0) return "it exists and is not writable";
    return "";
}

int pdf(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
    const auto key = vm.count("invoice") != 0 ? parse_object_key(vm["invoice"].as<std::string>()) : std::nullopt;
    if (!key) {
        err << "ledgersync: invoices pdf needs the invoice as CONNECTION/invoice/ID, e.g. hubspot/invoice/10042\n\n"
            << kInvoicesUsage << "\n";
        return kExitUsage;
    }
    if (key->type != "invoice") {
        err << "ledgersync: " << key->str() << " is a " << key->type << ", not an invoice; name the invoice as "
            << "CONNECTION/invoice/ID\n";
        return kExitUsage;
    }
    if (vm.count("output") == 0 || vm["output"].as<std::string>().empty()) {
        err << "ledgersync: invoices pdf needs -o FILE, the file to write the PDF to\n\n" << kInvoicesUsage << "\n";
        return kExitUsage;
    }
    const std::filesystem::path file = vm["output"].as<std::string>();
    if (const std::string why = unwritable(file); !why.empty()) {
        err << "ledgersync: cannot write the PDF to " << file.string() << ": " << why
            << "; choose another file with -o\n";
        return kExitFailure;
    }

    int exit_code = kExitOk;
    const auto config = read_config(vm["config"].as<std::string>(), err, exit_code);
    if (!config) return exit_code;
    const auto catalog = plugin::PluginCatalog::discover(plugin::plugin_search_path(config->plugin_paths));
    const std::vector<std::string> makers = app::pdf_connections(*config, catalog);
    std::string wanted;
    if (vm.count("connection") != 0) {
        wanted = vm["connection"].as<std::string>();
        if (config->connections.count(wanted) == 0) {
            err << "ledgersync: no connection named '" << wanted << "' is configured\n";
            return kExitNotFound;
        }
        if (std::find(makers.begin(), makers.end(), wanted) == makers.end()) {
            err << "ledgersync: connection '" << wanted << "' (plugin " << config->connections.at(wanted).plugin
                << ") cannot produce invoice PDFs; connections that can: " << joined(makers) << "\n";
            return kExitFailure;
        }
    }
    if (makers.empty()) {
        err << "ledgersync: no configured connection can produce invoice PDFs (its plugin must serve \"invoice_pdf\" "
               "documents, as the quickbooks connector does); add a QuickBooks connection\n";
        return kExitFailure;
    }

    std::unique_ptr<store::Store> store;
    try {
        store = store::open_configured_store(config->store);
    } catch (const std::exception& e) {
        err << "ledgersync: " << e.what() << "\n";
        return kExitFailure;
    }
    const app::PdfLocation located = app::locate_invoice_pdf(*store, *key, makers);
    if (!located.known) {
        err << "ledgersync: the bus knows nothing of " << key->str() << " (no version received, written or linked); "
            << "check the id with `ledgersync objects show`\n";
        return kExitNotFound;
    }
    const std::vector<app::PdfSource> sources = app::pdf_sources_to_use(located, *key, wanted);
    if (sources.empty()) {
        err << "ledgersync: " << key->str() << " has no copy in " << (wanted.empty() ? "a connection that makes PDFs (" + joined(makers) + ")" : "connection '" + wanted + "'");
        for (const auto& n : located.not_synced) err << "\n  " << n;
        err << "\nit is not synced there yet; `ledgersync objects show " << key->str() << "` shows why\n";
        return kExitNotFound;
    }
    if (sources.size() > 1) {
        std::vector<std::string> names;
        for (const auto& s : sources) names.push_back(s.connection);
        err << "ledgersync: " << key->str() << " is synced to several connections that make PDFs (" << joined(names)
            << "); choose one with --connection NAME\n";
        return kExitUsage;
    }
    const app::PdfSource source = sources.front();

    // The connection as the host runs it: its tokens in the store (encrypted with the secrets
    // key), its HTTP settings. Plugin messages go to stderr.
    std::unique_ptr<CommandConnections> connections;
    try {
        connections = std::make_unique<CommandConnections>(*config, catalog, *store, err);
    } catch (const std::exception& e) {
        err << "ledgersync: " << e.what() << "\n";
        return kExitFailure;
    }
    plugin::ConnectorInstance* connector = connections->open(source.connection);
    if (connector == nullptr) {
        err << "ledgersync: connection '" << source.connection << "' cannot be started:";
        for (const auto& p : connections->problems(source.connection)) {
            err << "\n  " << p.path << ": " << connections->redact(p.message);
        }
        err << "\n";
        return kExitPluginRefused;
    }

    sdk::Document document;
    try {
        document = connector->fetch({app::kInvoicePdfDocument, source.id});
    } catch (const sdk::Error& e) {
        const sdk::Outcome& o = e.outcome();
        err << "ledgersync: the PDF of " << key->str() << " (" << source.connection << " invoice " << source.id
            << ") could not be fetched: " << o.reason << "\n";
        if (!o.fix_hint.empty()) err << "  to fix: " << o.fix_hint << "\n";
        return kExitFailure;
    } catch (const std::exception& e) {
        err << "ledgersync: the PDF of " << key->str() << " (" << source.connection << " invoice " << source.id
            << ") could not be fetched: " << e.what() << "\n";
        return kExitFailure;
    }
    connections->shutdown_http();
    std::string error;
    if (!write_file(file, document.bytes, error)) {
        err << "ledgersync: cannot write the PDF to " << file.string() << ": " << error << "; choose another file with -o\n";
        return kExitFailure;
    }
    out << "wrote " << file.string() << " (" << document.bytes.size() << " bytes, " << document.content_type << "): "
        << source.connection << " invoice " << source.id;
    if (source.connection != key->connection) out << ", the copy of " << key->str();
    out << "\n";
    return kExitOk;
}

std::string text_of(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.is_null() ? std::string() : value.dump();
}

void print_copies(std::ostream& out, const config::HostConfig& config, const std::vector<store::ObjectKey>& copies,
                  const std::string& indent) {
    for (const auto& copy : copies) {
        out << indent << "copy: " << copy.str();
        if (const std::string link = qbo_app_link(config, copy); !link.empty()) out << "  " << link;
        out << "\n";
    }
}

void print_movement(std::ostream& out, const config::HostConfig& config, const MoneyMovement& m, const std::string& indent) {
    out << indent << m.body.value("date", "") << "  " << m.key.type << "  " << m.body.value("amount", "") << " "
        << m.body.value("currency", "") << "  " << m.body.value("status", "");
    if (m.key.type == "payment") out << "  source " << m.body.value("source", m.key.connection);
    if (m.body.contains("reason")) out << "  reason " << text_of(m.body.at("reason"));
    if (m.body.contains("refunded_amount")) out << "  refunded " << text_of(m.body.at("refunded_amount"));
    out << "  " << m.key.str();
    if (m.deleted) out << "  (deleted)";
    out << "\n";
    print_copies(out, config, m.copies, indent + "  ");
    print_sync_statuses(out, m.statuses, indent + "  ");
    for (const auto& refund : m.refunds) print_movement(out, config, refund, indent + "  ");
}

void print_invoice(std::ostream& out, const config::HostConfig& config, const InvoiceView& v) {
    const nlohmann::json& b = v.body;
    out << v.key.str() << "  number " << b.value("number", "(none)") << "  " << b.value("status", "") << "  "
        << b.value("currency", "") << (v.deleted ? "  (deleted)" : "") << "\n";
    const nlohmann::json customer = b.value("customer", nlohmann::json::object());
    out << "  customer: " << customer.value("name", "") << " (" << v.key.connection << " customer "
        << customer.value("id", "") << ")\n";
    out << "  issued " << b.value("issue_date", "") << ", due " << b.value("due_date", "") << "\n";
    if (b.contains("memo")) out << "  memo: " << text_of(b.at("memo")) << "\n";
    out << "  lines:\n";
    for (const auto& line : b.value("lines", nlohmann::json::array())) {
        out << "    " << std::left << std::setw(8) << line.value("kind", "") << " " << std::setw(32)
            << line.value("description", "") << " " << text_of(line.value("quantity", nlohmann::json())) << " x "
            << text_of(line.value("unit_price", nlohmann::json())) << " = " << text_of(line.value("amount", nlohmann::json()))
            << "\n";
    }
    const nlohmann::json totals = b.value("totals", nlohmann::json::object());
    out << "  totals:";
    for (const char* t : {"subtotal", "discount", "tax", "total", "amount_paid", "balance_due"}) {
        if (totals.contains(t)) out << " " << t << " " << text_of(totals.at(t));
    }
    out << "\n  links:\n";
    if (v.copies.empty()) out << "    (no copy in another connection)\n";
    print_copies(out, config, v.copies, "    ");
    out << "  sync status:\n";
    if (v.statuses.empty()) out << "    (not routed to any target)\n";
    print_sync_statuses(out, v.statuses, "    ");
    out << "  payments:\n";
    if (v.payments.empty()) out << "    (none received)\n";
    for (const auto& p : v.payments) print_movement(out, config, p, "    ");
    out << "  timeline:\n";
    print_timeline(out, v.timeline, "    ");
}

int show(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
    const auto key = vm.count("invoice") != 0 ? parse_object_key(vm["invoice"].as<std::string>()) : std::nullopt;
    if (!key || key->type != "invoice") {
        err << "ledgersync: invoices show needs the invoice as CONNECTION/invoice/ID, e.g. hubspot/invoice/10042\n\n"
            << kInvoicesUsage << "\n";
        return kExitUsage;
    }
    const std::string format = vm["json"].as<bool>() ? "json" : vm["format"].as<std::string>();
    if (format != "table" && format != "json") {
        err << "ledgersync: --format is table or json, not '" << format << "'\n";
        return kExitUsage;
    }
    ConfiguredStore configured = open_config_and_store(vm["config"].as<std::string>(), err);
    if (!configured.opened.store) return configured.opened.exit_code;
    const std::optional<config::HostConfig>& config = configured.config;
    OpenedStore& opened = configured.opened;
    std::optional<InvoiceView> view;
    opened.store->read([&](store::StoreTransaction& tx) { view = app::read_invoice_view(tx, *config, *key, kTimelineLimit); });
    if (!view) {
        err << "ledgersync: the bus has no copy of " << key->str() << " (never received); check the id with "
            << "`ledgersync objects show " << key->str() << "`\n";
        return kExitNotFound;
    }
    if (format == "json") {
        out << app::invoice_view_json(*config, *view).dump(2) << "\n";
    } else {
        print_invoice(out, *config, *view);
    }
    return kExitOk;
}

}  // namespace

int invoices_command(const Arguments& args, std::ostream& out, std::ostream& err) {
    po::options_description options("invoices options");
    options.add_options()
        ("action", po::value<std::string>()->required(), "show or pdf")
        ("invoice", po::value<std::string>(), "CONNECTION/invoice/ID")
        ("output,o", po::value<std::string>(), "the file to write the PDF to")
        ("connection", po::value<std::string>(), "the connection to fetch the PDF from")
        ("format", po::value<std::string>()->default_value("table"), "show: table or json")
        ("json", po::bool_switch(), "show: the same as --format json")
        ("config,c", po::value<std::string>()->default_value(kDefaultConfigFile), "configuration file");
    po::positional_options_description positional;
    positional.add("action", 1).add("invoice", 1);
    int exit_code = kExitOk;
    const auto vm = parse_options(args, kInvoicesUsage, options, positional, out, err, exit_code);
    if (!vm) return exit_code;
    if ((*vm)["action"].as<std::string>() == "show") return show(*vm, out, err);
    if ((*vm)["action"].as<std::string>() != "pdf") {
        err << "ledgersync: unknown invoices action '" << (*vm)["action"].as<std::string>() << "'\n\n" << kInvoicesUsage << "\n";
        return kExitUsage;
    }
    return pdf(*vm, out, err);
}

}  // namespace ledgersync::cli
