// `ledgersync invoices pdf`: the real binary, beside a running host whose bus synced an invoice
// to QuickBooks (the sandbox), downloads that invoice's PDF through the QuickBooks connection.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <ledgersync/sdk.hpp>

#include "bus_scenario.hpp"
#include "child_process.hpp"
#include "qbo_sandbox.hpp"
#include "services/secret_box.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;
using testing::BusScenario;
using testing::envelope;
using testing::QboSandbox;

std::string read_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

/// The host with a ledger "src" whose customer, product and invoice go to QuickBooks ("qbo"), and
/// an idle "echo" connection. The ledger makes (placeholder) PDFs too, QuickBooks real ones; echo
/// makes none.
class SyncedInvoice : public BusScenario {
public:
    explicit SyncedInvoice(const QboSandbox& sandbox) {
        services::SecretBox::generate_key_file(path("secret.key"));
        config()["plugins"]["paths"].push_back(LEDGERSYNC_BUILD_PLUGIN_DIR);
        config()["secrets"] = {{"key_file", path("secret.key").string()}};
        config()["connections"]["qbo"] = {{"plugin", "quickbooks"},
                                          {"poll_interval_seconds", 3600},
                                          {"config", sandbox.connector_config({{"mapping", {{"income_account_id", "1"}}}})}};
        add_ledger("src");
        config()["connections"]["echo"] = {{"plugin", "echo"}, {"poll_interval_seconds", 3600}, {"config", {{"records", 0}}}};
        add_route({{"name", "customers"}, {"from", "src.customer"}, {"to", "qbo.customer"}});
        add_route({{"name", "products"}, {"from", "src.product"}, {"to", "qbo.product"}});
        add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "qbo.invoice"}});
        const json links = json::array({{{"rel", "customer"}, {"type", "customer"}, {"id", "C1"}, {"path", "/customer"}},
                                        {{"rel", "product"}, {"type", "product"}, {"id", "P1"}, {"path", "/lines/0/product"}}});
        const json invoice = {
            {"number", "PDF-1001"}, {"status", "open"}, {"currency", "USD"}, {"issue_date", "2026-11-20"},
            {"customer", {{"type", "customer"}, {"id", "C1"}}},
            {"lines", json::array({{{"kind", "item"}, {"product", {{"type", "product"}, {"id", "P1"}}}, {"quantity", "2"},
                                    {"unit_price", "60.00"}, {"amount", "120.00"}}})},
            {"totals", {{"subtotal", "120.00"}, {"discount", "0.00"}, {"tax", "0.00"}, {"total", "120.00"}, {"amount_paid", "0.00"},
                        {"balance_due", "120.00"}}},
            {"source_system", "ledger"}, {"updated_at", "2026-11-20T10:00:00Z"}};
        append("src", {envelope("invoice", "I1", "1", invoice, links),
                       envelope("customer", "C1", "1", {{"display_name", "Pdf Customer"}, {"email", "pdf@example.com"}}),
                       envelope("product", "P1", "1", {{"name", "Pdf Service"}, {"type", "service"}})});
        start();
    }

    /// The QuickBooks id of src/invoice/I1 once the bus has synced it ("" after the wait).
    std::string wait_until_synced() {
        std::string id;
        eventually([&] {
            store().read([&](store::StoreTransaction& tx) {
                for (const auto& s : tx.sync_statuses({"src", "invoice", "I1"})) {
                    if (s.state == store::SyncState::synced) id = s.target_id;
                }
            });
            return !id.empty();
        });
        return id;
    }

    /// `ledgersync ARGS... --config FILE`, the real binary beside this host.
    testing::CommandResult cli(std::vector<std::string> args) const {
        args.insert(args.end(), {"--config", config_file()});
        return testing::run_command(LEDGERSYNC_BINARY, args);
    }
};

TEST(QuickBooksInvoicePdfCli, downloads_the_quickbooks_pdf_of_a_synced_invoice_by_its_source_key_or_its_quickbooks_key) {
    QboSandbox sandbox;
    sandbox.use_custom_transaction_numbers();  // the PDF shows the source's number
    SyncedInvoice host(sandbox);
    const std::string qbo_id = host.wait_until_synced();
    ASSERT_FALSE(qbo_id.empty()) << host.log();

    const auto file = host.path("invoice.pdf");
    // Named by its ledger key, the invoice's PDF is the ledger's own (its placeholder); the
    // QuickBooks copy's is asked for by connection.
    const auto own = host.cli({"invoices", "pdf", "src/invoice/I1", "-o", file.string()});
    ASSERT_EQ(own.exit_code, 0) << own.err;
    EXPECT_THAT(own.out, HasSubstr("src invoice I1"));
    EXPECT_THAT(read_bytes(file), HasSubstr("% ledger invoice I1"));

    const auto r = host.cli({"invoices", "pdf", "src/invoice/I1", "-o", file.string(), "--connection", "qbo"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("qbo invoice " + qbo_id + ", the copy of src/invoice/I1"));
    const std::string pdf = read_bytes(file);
    EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".part"));
    // The PDF is QuickBooks' rendering of that invoice: its number and its customer.
    const auto text = testing::run_command("pdftotext", {file.string(), "-"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_THAT(text.out, HasSubstr("PDF-1001"));
    EXPECT_THAT(text.out, HasSubstr("Pdf Customer"));

    // The same invoice named by its key in the QuickBooks connection.
    const auto direct_file = host.path("direct.pdf");
    const auto direct = host.cli({"invoices", "pdf", "qbo/invoice/" + qbo_id, "-o", direct_file.string()});
    ASSERT_EQ(direct.exit_code, 0) << direct.out << direct.err;
    EXPECT_EQ(read_bytes(direct_file).rfind("%PDF-", 0), 0u);
}

TEST(QuickBooksInvoicePdfCli, an_unknown_invoice_a_connection_without_pdfs_and_an_unwritable_file_are_clear_errors) {
    QboSandbox sandbox;
    SyncedInvoice host(sandbox);
    ASSERT_FALSE(host.wait_until_synced().empty()) << host.log();
    const std::string file = host.path("out.pdf").string();

    const auto unknown = host.cli({"invoices", "pdf", "src/invoice/NOPE", "-o", file});
    EXPECT_EQ(unknown.exit_code, 5) << unknown.err;
    EXPECT_THAT(unknown.err, HasSubstr("the bus knows nothing of src/invoice/NOPE"));

    const auto no_pdfs = host.cli({"invoices", "pdf", "src/invoice/I1", "-o", file, "--connection", "echo"});
    EXPECT_EQ(no_pdfs.exit_code, 1) << no_pdfs.err;
    EXPECT_THAT(no_pdfs.err, HasSubstr("connection 'echo' (plugin echo) cannot produce invoice PDFs; connections that can: qbo, src"));

    const auto unwritable =
        host.cli({"invoices", "pdf", "src/invoice/I1", "-o", host.path("absent/out.pdf").string(), "--connection", "qbo"});
    EXPECT_EQ(unwritable.exit_code, 1) << unwritable.err;
    EXPECT_THAT(unwritable.err, HasSubstr("cannot write the PDF to " + host.path("absent/out.pdf").string() + ": its directory"));
    EXPECT_THAT(unwritable.err, HasSubstr("does not exist"));

    const auto not_invoice = host.cli({"invoices", "pdf", "src/customer/C1", "-o", file});
    EXPECT_EQ(not_invoice.exit_code, 2) << not_invoice.err;
    EXPECT_THAT(not_invoice.err, HasSubstr("src/customer/C1 is a customer, not an invoice"));

    // A QuickBooks id the bus never saw is not looked up in QuickBooks either.
    const auto unseen = host.cli({"invoices", "pdf", "qbo/invoice/999999", "-o", file});
    EXPECT_EQ(unseen.exit_code, 5) << unseen.err;

    EXPECT_FALSE(std::filesystem::exists(file));
}

}  // namespace
}  // namespace ledgersync
