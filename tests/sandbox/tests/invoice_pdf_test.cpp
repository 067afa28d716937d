// The invoice PDF is a valid document whose text pdftotext extracts.

#include <filesystem>
#include <fstream>
#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "child_process.hpp"
#include "qbo/invoice_pdf.hpp"
#include "support/model_fixture.hpp"
#include "temp_dir.hpp"

namespace ledgersync::sandbox::testing {
namespace {

using ::testing::HasSubstr;
using QboInvoicePdf = QboModelTest;

std::string pdftotext(const std::string& pdf) {
    ledgersync::testing::TempDir dir;
    const auto file = dir.write("invoice.pdf", pdf);
    const auto result =
        ledgersync::testing::run_command("pdftotext", {"-layout", file.string(), "-"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err, "") << "pdftotext complained about the document";
    return result.out;
}

TEST_F(QboInvoicePdf, renders_company_customer_lines_and_totals_as_extractable_text) {
    const auto invoice = create("Invoice", R"J({"CustomerRef":{"value":"1"},"DocNumber":"INV-(42)",
        "TxnTaxDetail":{"TxnTaxCodeRef":{"value":"2"}},"CustomerMemo":{"value":"Thank you!"},"Line":[
        {"DetailType":"SalesItemLineDetail","Description":"Consulting (March)","Amount":300.00,
         "SalesItemLineDetail":{"ItemRef":{"value":"3"},"Qty":2,"UnitPrice":150}},
        {"DetailType":"SalesItemLineDetail","Amount":12.50,"SalesItemLineDetail":{"ItemRef":{"value":"2"},"Qty":0.25,"UnitPrice":50}},
        {"DetailType":"DiscountLineDetail","Amount":10,"DiscountLineDetail":{"PercentBased":false}}]})J");
    const std::string pdf = qbo::render_transaction_pdf("Sandbox Company_US_1", "INVOICE", invoice);
    const std::string text = pdftotext(pdf);
    EXPECT_THAT(text, HasSubstr("Sandbox Company_US_1"));
    EXPECT_THAT(text, HasSubstr("INV-(42)"));
    EXPECT_THAT(text, HasSubstr("2025-03-10"));
    EXPECT_THAT(text, HasSubstr("Amy's Bird Sanctuary"));
    EXPECT_THAT(text, HasSubstr("Consulting (March)"));
    EXPECT_THAT(text, HasSubstr("300.00"));
    EXPECT_THAT(text, HasSubstr("0.25"));
    EXPECT_THAT(text, HasSubstr("12.50"));
    EXPECT_THAT(text, HasSubstr("312.50"));      // subtotal
    EXPECT_THAT(text, HasSubstr("-10.00"));      // discount
    EXPECT_THAT(text, HasSubstr("24.00"));       // 8% tax on the taxable 300.00
    EXPECT_THAT(text, HasSubstr("326.50 USD"));  // total and balance
    EXPECT_THAT(text, HasSubstr("Thank you!"));
}

TEST_F(QboInvoicePdf, cross_reference_offsets_point_at_their_objects) {
    const auto invoice = create(
        "Invoice", R"({"CustomerRef":{"value":"1"},"Line":[{"DetailType":"SalesItemLineDetail",
        "Amount":1,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})");
    const std::string pdf = qbo::render_transaction_pdf("Co", "INVOICE", invoice);
    ASSERT_EQ(pdf.rfind("%PDF-1.4", 0), 0u);
    ASSERT_NE(pdf.find("%%EOF"), std::string::npos);
    const auto startxref = pdf.rfind("startxref\n");
    const std::size_t xref = std::stoul(pdf.substr(startxref + 10));
    ASSERT_EQ(pdf.compare(xref, 4, "xref"), 0);
    std::smatch m;
    const std::string table = pdf.substr(xref);
    std::regex entry(R"((\d{10}) 00000 n )");
    int object = 1;
    for (std::sregex_iterator it(table.begin(), table.end(), entry), end; it != end;
         ++it, ++object) {
        const std::size_t offset = std::stoul((*it)[1]);
        EXPECT_EQ(pdf.compare(offset, std::to_string(object).size() + 6,
                              std::to_string(object) + " 0 obj"),
                  0)
            << "object " << object;
    }
    EXPECT_GE(object, 7);
}

TEST_F(QboInvoicePdf, many_lines_flow_onto_more_pages) {
    std::string lines;
    for (int i = 0; i < 80; ++i) {
        lines += std::string(i ? "," : "") +
                 R"({"DetailType":"SalesItemLineDetail","Description":"Line )" + std::to_string(i) +
                 R"(","Amount":1,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}})";
    }
    const auto invoice =
        create("Invoice", R"({"CustomerRef":{"value":"1"},"Line":[)" + lines + "]}");
    const std::string text = pdftotext(qbo::render_transaction_pdf("Co", "INVOICE", invoice));
    EXPECT_THAT(text, HasSubstr("Line 0"));
    EXPECT_THAT(text, HasSubstr("Line 79"));
    EXPECT_THAT(text, HasSubstr("80.00"));
    EXPECT_NE(text.find('\f'), text.rfind('\f'));  // form feeds between pages
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
