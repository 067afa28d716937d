// The real sandbox process over HTTP: authentication, create/read/update/delete/void with
// SyncToken, the envelope and headers, the invoice PDF, the app view of an invoice.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/json.hpp>

#include "support/sandbox_process.hpp"

namespace ledgersync::sandbox::testing {
namespace {

using sdk::Decimal;
using ::testing::HasSubstr;

Decimal dec(const nlohmann::json& v) {
    return Decimal::from_json(v);
}

const char* kInvoice =
    R"({"CustomerRef":{"value":"1"},"Line":[{"DetailType":"SalesItemLineDetail","Amount":100.0,
    "SalesItemLineDetail":{"ItemRef":{"value":"2"},"Qty":2,"UnitPrice":50}}]})";

class QboHttp : public ::testing::Test {
protected:
    void SetUp() override {
        sandbox_.authorize();
        sandbox_.create("Customer", {{"DisplayName", "Amy's Bird Sanctuary"}});
    }
    SandboxProcess sandbox_;
};

TEST_F(QboHttp, calls_without_or_with_an_unknown_token_get_401_with_the_3200_fault) {
    const auto none = sandbox_.raw("GET", "/v3/company/" + sandbox_.realm() + "/customer/1");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.json["Fault"]["Error"][0]["code"], "3200");
    EXPECT_EQ(none.json["Fault"]["type"], "AUTHENTICATION");
    const auto unknown = sandbox_.api_for(sandbox_.realm(), "not-a-token", "GET", "customer/1");
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(unknown.json["Fault"]["Error"][0]["Message"],
              "message=AuthenticationFailed; errorCode=003200; statusCode=401");
}

TEST_F(QboHttp, expired_access_token_gets_401_after_the_clock_moves_an_hour) {
    EXPECT_EQ(sandbox_.api("GET", "customer/1").status, 200);
    sandbox_.control("POST", "/__sandbox/clock", {{"advance_seconds", 3601}});
    const auto expired = sandbox_.api("GET", "customer/1");
    EXPECT_EQ(expired.status, 401);
    EXPECT_EQ(expired.json["Fault"]["Error"][0]["code"], "3200");
    EXPECT_THAT(expired.json["Fault"]["Error"][0]["Detail"].get<std::string>(),
                HasSubstr("Token expired"));
}

TEST_F(QboHttp, token_of_another_company_is_refused) {
    const auto other = sandbox_.control("POST", "/__sandbox/qbo/seed", {{"tokens", true}});
    const auto r =
        sandbox_.api_for(sandbox_.realm(), other["tokens"]["access_token"], "GET", "customer/1");
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.json["Fault"]["Error"][0]["code"], "3100");
}

TEST_F(QboHttp, create_read_update_delete_with_sync_tokens_and_envelopes) {
    const auto created = sandbox_.api("POST", "invoice?minorversion=75", kInvoice);
    ASSERT_EQ(created.status, 200) << created.body;
    EXPECT_THAT(created.body, HasSubstr("\"TotalAmt\":100.0"));
    EXPECT_TRUE(created.json.contains("time"));
    EXPECT_FALSE(created.header("intuit_tid").empty());
    EXPECT_THAT(created.header("Content-Type"), HasSubstr("application/json"));
    const auto& invoice = created.json["Invoice"];
    const std::string id = invoice["Id"];
    EXPECT_EQ(invoice["SyncToken"], "0");

    const auto read = sandbox_.api("GET", "invoice/" + id);
    EXPECT_EQ(read.status, 200);
    EXPECT_EQ(read.json["Invoice"], invoice);

    const auto sparse =
        sandbox_.api("POST", "invoice",
                     R"({"Id":")" + id + R"(","SyncToken":"0","sparse":true,"PrivateNote":"hi"})");
    ASSERT_EQ(sparse.status, 200) << sparse.body;
    EXPECT_EQ(sparse.json["Invoice"]["SyncToken"], "1");
    EXPECT_EQ(sparse.json["Invoice"]["PrivateNote"], "hi");
    EXPECT_EQ(sparse.json["Invoice"]["Line"], invoice["Line"]);

    const auto stale =
        sandbox_.api("POST", "invoice",
                     R"({"Id":")" + id + R"(","SyncToken":"0","sparse":true,"PrivateNote":"x"})");
    EXPECT_EQ(stale.status, 400);
    EXPECT_EQ(stale.json["Fault"]["Error"][0]["code"], "5010");
    EXPECT_EQ(stale.json["Fault"]["type"], "ValidationFault");

    const auto full =
        sandbox_.api("POST", "invoice?operation=update", R"({"Id":")" + id + R"(","SyncToken":"1",
        "CustomerRef":{"value":"1"},"Line":[{"Id":"1","DetailType":"SalesItemLineDetail","Amount":150,
        "SalesItemLineDetail":{"ItemRef":{"value":"2"},"Qty":3,"UnitPrice":50}}]})");
    ASSERT_EQ(full.status, 200) << full.body;
    EXPECT_EQ(dec(full.json["Invoice"]["TotalAmt"]), Decimal(150));
    EXPECT_FALSE(full.json["Invoice"].contains("PrivateNote"));  // full update cleared it

    const auto deleted = sandbox_.api("POST", "invoice?operation=delete",
                                      R"({"Id":")" + id + R"(","SyncToken":"2"})");
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_EQ(deleted.json["Invoice"],
              (nlohmann::json{{"status", "Deleted"}, {"domain", "QBO"}, {"Id", id}}));
    const auto gone = sandbox_.api("GET", "invoice/" + id);
    EXPECT_EQ(gone.status, 400);
    EXPECT_EQ(gone.json["Fault"]["Error"][0]["code"], "610");
}

TEST_F(QboHttp, payment_reduces_balance_and_void_of_invoice_unapplies_it) {
    const std::string id = sandbox_.create("Invoice", sdk::parse_json_exact(kInvoice))["Id"];
    const auto payment = sandbox_.create(
        "Payment",
        {{"TotalAmt", 40},
         {"CustomerRef", {{"value", "1"}}},
         {"Line", {{{"Amount", 40}, {"LinkedTxn", {{{"TxnId", id}, {"TxnType", "Invoice"}}}}}}}});
    auto invoice = sandbox_.api("GET", "invoice/" + id).json["Invoice"];
    EXPECT_EQ(dec(invoice["Balance"]), Decimal(60));
    EXPECT_EQ(invoice["LinkedTxn"][0]["TxnId"], payment["Id"]);
    const auto voided = sandbox_.api(
        "POST", "invoice?operation=void",
        R"({"Id":")" + id + R"(","SyncToken":")" + invoice["SyncToken"].get<std::string>() + "\"}");
    ASSERT_EQ(voided.status, 200) << voided.body;
    EXPECT_EQ(dec(voided.json["Invoice"]["TotalAmt"]), Decimal(0));
    EXPECT_EQ(voided.json["Invoice"]["PrivateNote"], "Voided");
    const auto unapplied =
        sandbox_.api("GET", "payment/" + payment["Id"].get<std::string>()).json["Payment"];
    EXPECT_EQ(dec(unapplied["UnappliedAmt"]), Decimal(40));

    const auto void_payment =
        sandbox_.api("POST", "payment?operation=update&include=void",
                     R"({"Id":")" + unapplied["Id"].get<std::string>() + R"(","SyncToken":")" +
                         unapplied["SyncToken"].get<std::string>() + R"(","sparse":true})");
    ASSERT_EQ(void_payment.status, 200) << void_payment.body;
    EXPECT_EQ(dec(void_payment.json["Payment"]["TotalAmt"]), Decimal(0));
}

TEST_F(QboHttp, malformed_bodies_and_unknown_resources_get_qbo_faults_not_crashes) {
    const auto bad_json = sandbox_.api("POST", "invoice", "{\"Line\": [");
    EXPECT_EQ(bad_json.status, 400);
    EXPECT_EQ(bad_json.json["Fault"]["Error"][0]["code"], "2010");
    const auto bad_amount =
        sandbox_.api("POST", "invoice", R"({"CustomerRef":{"value":"1"},"Line":[{"DetailType":
        "SalesItemLineDetail","Amount":"lots","SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})");
    EXPECT_EQ(bad_amount.json["Fault"]["Error"][0]["code"], "2010");
    const auto unknown = sandbox_.api("GET", "spaceship/1");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(unknown.json["Fault"]["Error"][0]["code"], "10000");
    const auto wrong_line =
        sandbox_.api("POST", "invoice", R"({"CustomerRef":{"value":"1"},"Line":[42]})");
    EXPECT_EQ(wrong_line.status, 400);
    EXPECT_EQ(sandbox_.api("GET", "customer/abc").json["Fault"]["Error"][0]["code"], "610");
}

// Hostile and broken input gets a QBO fault (4xx, a Fault body), never a 500 or a crash.
TEST_F(QboHttp, hostile_bodies_get_faults_never_crashes) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"invoice", ""},
        {"invoice", "null"},
        {"invoice", "\"text\""},
        {"invoice", "{\"Line\": {}}"},
        {"invoice", "{\"CustomerRef\": 5, \"Line\": []}"},
        {"invoice", "{\"CustomerRef\": {\"value\": [1]}, \"Line\": [{}]}"},
        {"invoice", "{\"CustomerRef\": {\"value\": \"1\"}, \"Line\": [{\"DetailType\": 7}]}"},
        {"invoice", "{\"CustomerRef\": {\"value\": \"1\"}, \"TxnDate\": 20250101, \"Line\": []}"},
        {"invoice",
         "{\"CustomerRef\": {\"value\": \"1\"}, \"Line\": [{\"DetailType\": "
         "\"SalesItemLineDetail\", "
         "\"Amount\": 1e400, \"SalesItemLineDetail\": \"x\"}]}"},
        {"invoice",
         "{\"CustomerRef\": {\"value\": \"1\"}, \"Line\": [{\"DetailType\": "
         "\"DiscountLineDetail\", "
         "\"DiscountLineDetail\": [1]}]}"},
        {"invoice", "{\"CustomerRef\": {\"value\": \"1\"}, \"CustomField\": 3, \"Line\": []}"},
        {"invoice?operation=update", "{\"Id\": {\"a\": 1}, \"SyncToken\": \"0\"}"},
        {"invoice?operation=delete", "{\"Id\": \"99999999999999999999\", \"SyncToken\": \"0\"}"},
        {"invoice?operation=void", "{}"},
        {"payment", "{\"TotalAmt\": 5, \"CustomerRef\": {\"value\": \"1\"}, \"Line\": [5]}"},
        {"payment",
         "{\"TotalAmt\": 5, \"CustomerRef\": {\"value\": \"1\"}, \"Line\": [{\"Amount\": 5, "
         "\"LinkedTxn\": [{\"TxnId\": 1, \"TxnType\": \"Invoice\"}]}]}"},
        {"customer", "{\"DisplayName\": [\"a\"]}"},
        {"customer", "{\"DisplayName\": \"B\", \"Taxable\": \"yes\"}"},
        {"invoice",
         "{\"CustomerRef\": {\"value\": \"1\"}, \"ApplyTaxAfterDiscount\": 1, \"Line\": []}"},
        {"item", "{\"Name\": \"x\", \"Type\": 5}"},
        {"purchase",
         "{\"PaymentType\": \"Cash\", \"AccountRef\": {\"value\": \"35\"}, \"Line\": "
         "[{\"DetailType\": "
         "\"AccountBasedExpenseLineDetail\", \"Amount\": 1}]}"},
        {"batch", "{\"BatchItemRequest\": [5, {\"bId\": \"x\"}, {\"bId\": \"y\", \"Query\": 5}]}"},
        {"preferences", "{\"SyncToken\": \"0\", \"CurrencyPrefs\": 5}"},
        {"query", "SELECT * FROM Invoice WHERE"},
    };
    for (const auto& [path, body] : cases) {
        const auto r = sandbox_.api("POST", path, body);
        EXPECT_LT(r.status, 500) << path << " " << body << " -> " << r.body;
        EXPECT_FALSE(r.json.is_null()) << path << " " << body << " -> " << r.body;
        if (r.status != 200) {
            EXPECT_TRUE(r.json.contains("Fault")) << path << " " << body << " -> " << r.body;
        }
    }
    EXPECT_EQ(sandbox_.api("GET", "customer/1").status, 200);  // still serving
}

TEST_F(QboHttp, serves_an_openid_discovery_document_pointing_at_itself) {
    const auto discovery = sandbox_.raw("GET", "/.well-known/openid_sandbox_configuration");
    ASSERT_EQ(discovery.status, 200);
    EXPECT_EQ(discovery.json["token_endpoint"], sandbox_.url() + "/oauth2/v1/tokens/bearer");
    EXPECT_EQ(discovery.json["revocation_endpoint"], sandbox_.url() + "/v2/oauth2/tokens/revoke");
}

TEST_F(QboHttp, invoice_pdf_is_a_pdf_that_pdftotext_reads) {
    const std::string id = sandbox_.create("Invoice", sdk::parse_json_exact(kInvoice))["Id"];
    const auto pdf =
        sandbox_.api("GET", "invoice/" + id + "/pdf", "", {{"Accept", "application/pdf"}});
    ASSERT_EQ(pdf.status, 200);
    EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
    ledgersync::testing::TempDir dir;
    const auto file = dir.write("invoice.pdf", pdf.body);
    const auto text = ledgersync::testing::run_command("pdftotext", {file.string(), "-"});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_THAT(text.out, HasSubstr("Sandbox Company_US_1"));
    EXPECT_THAT(text.out, HasSubstr("Amy's Bird Sanctuary"));
    EXPECT_THAT(text.out, HasSubstr("100.00"));
}

TEST_F(QboHttp, the_app_view_shows_an_invoice_as_a_page_linking_its_pdf_without_a_token) {
    nlohmann::json invoice = sdk::parse_json_exact(kInvoice);
    invoice["DocNumber"] = "INV-<7>";
    invoice["CustomField"] = {{{"DefinitionId", "1"}, {"Name", "PO number"}, {"Type", "StringType"}, {"StringValue", "PO-7781"}}};
    const std::string id = sandbox_.create("Invoice", invoice)["Id"];
    // The address an integration links to (QuickBooks' own: /app/invoice?txnId=ID), no token.
    const auto page = sandbox_.raw("GET", "/app/invoice?txnId=" + id);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_THAT(page.body, HasSubstr("Invoice INV-&lt;7&gt;")) << "escaped";
    EXPECT_THAT(page.body, HasSubstr("Amy&#39;s Bird Sanctuary"));
    // Named as the company names custom field 1 (the sandbox company: "Crew #").
    EXPECT_THAT(page.body, HasSubstr("<dt>Crew #</dt><dd>PO-7781</dd>"));
    EXPECT_THAT(page.body, HasSubstr("100.00"));
    const std::string pdf_link = "/app/invoice/pdf?realmId=" + sandbox_.realm() + "&amp;txnId=" + id;
    EXPECT_THAT(page.body, HasSubstr(pdf_link));
    const auto pdf = sandbox_.raw("GET", "/app/invoice/pdf?realmId=" + sandbox_.realm() + "&txnId=" + id);
    ASSERT_EQ(pdf.status, 200);
    EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
    EXPECT_EQ(pdf.body.rfind("%PDF-1.4", 0), 0u);
    // An unknown invoice or company is a page that says so.
    const auto unknown = sandbox_.raw("GET", "/app/invoice?txnId=999999");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_THAT(unknown.body, HasSubstr("has no invoice with id &quot;999999&quot;"));
    EXPECT_EQ(sandbox_.raw("GET", "/app/invoice?realmId=1&txnId=" + id).status, 404);
}

TEST_F(QboHttp, preferences_and_company_info_are_singletons_read_and_updated) {
    const auto prefs = sandbox_.api("GET", "preferences");
    ASSERT_EQ(prefs.status, 200);
    EXPECT_EQ(prefs.json["Preferences"]["SalesFormsPrefs"]["CustomTxnNumbers"], false);
    const auto info = sandbox_.api("GET", "companyinfo/" + sandbox_.realm());
    EXPECT_EQ(info.json["CompanyInfo"]["CompanyName"], "Sandbox Company_US_1");
    const auto renamed = sandbox_.api("POST", "companyinfo",
                                      R"({"Id":"1","SyncToken":")" +
                                          info.json["CompanyInfo"]["SyncToken"].get<std::string>() +
                                          R"(","sparse":true,"CompanyName":"Renamed Co"})");
    EXPECT_EQ(renamed.json["CompanyInfo"]["CompanyName"], "Renamed Co");
    const auto query = sandbox_.api("GET", "query?query=select%20*%20from%20Preferences");
    EXPECT_EQ(query.json["QueryResponse"]["Preferences"].size(), 1u);
}

TEST_F(QboHttp, minorversion_below_75_is_served_unless_the_sandbox_is_told_to_reject_it) {
    EXPECT_EQ(sandbox_.api("GET", "customer/1?minorversion=65").status, 200);
    sandbox_.control("POST", "/__sandbox/qbo/settings", {{"reject_old_minor_versions", true}});
    const auto refused = sandbox_.api("GET", "customer/1?minorversion=65");
    EXPECT_EQ(refused.status, 400);
    EXPECT_THAT(refused.body, HasSubstr("minorversion"));
    EXPECT_EQ(sandbox_.api("GET", "customer/1?minorversion=75").status, 200);
}

TEST_F(QboHttp, a_member_the_entity_does_not_have_is_refused_with_2010_and_nothing_is_stored) {
    const auto count = [&] {
        return sandbox_.api("GET", "query?query=select%20count(*)%20from%20Invoice")
            .json["QueryResponse"]["totalCount"];
    };
    const auto before = count();
    auto invoice = sdk::parse_json_exact(kInvoice);
    invoice["CustomerMemmo"] = {{"value", "typo"}};
    const auto top = sandbox_.api("POST", "invoice", invoice.dump());
    EXPECT_EQ(top.status, 400);
    const auto& error = top.json["Fault"]["Error"][0];
    EXPECT_EQ(top.json["Fault"]["type"], "ValidationFault");
    EXPECT_EQ(error["code"], "2010");
    EXPECT_EQ(error["Message"], "Request has invalid or unsupported property");
    EXPECT_EQ(error["Detail"],
              "Property Name:Unrecognized field \"CustomerMemmo\" (class "
              "com.intuit.schema.finance.v3.Invoice), not marked as ignorable specified is "
              "unsupported or invalid");
    EXPECT_EQ(error["element"], "CustomerMemmo");

    // At any depth, named by the type that lacks it.
    invoice = sdk::parse_json_exact(kInvoice);
    invoice["Line"][0]["SalesItemLineDetail"]["Discount"] = 5;
    const auto nested = sandbox_.api("POST", "invoice", invoice.dump());
    EXPECT_EQ(nested.json["Fault"]["Error"][0]["code"], "2010");
    EXPECT_THAT(nested.json["Fault"]["Error"][0]["Detail"].get<std::string>(),
                HasSubstr("\"Discount\" (class com.intuit.schema.finance.v3.SalesItemLineDetail)"));
    EXPECT_EQ(count(), before);

    // Updates, voids and batch items read their bodies the same way.
    const auto created = sandbox_.create("Invoice", sdk::parse_json_exact(kInvoice));
    const std::string id = created["Id"];
    const auto sparse = sandbox_.api(
        "POST", "invoice",
        R"({"Id":")" + id + R"(","SyncToken":"0","sparse":true,"PrivateNote":"x","Colour":"red"})");
    EXPECT_EQ(sparse.json["Fault"]["Error"][0]["element"], "Colour");
    EXPECT_EQ(sandbox_.api("GET", "invoice/" + id).json["Invoice"]["SyncToken"], "0");
    const auto batch = sandbox_.api(
        "POST", "batch",
        R"({"BatchItemRequest":[{"bId":"1","operation":"create","Customer":{"DisplayName":"Z","Nickname":"z"}}]})");
    EXPECT_EQ(batch.json["BatchItemResponse"][0]["Fault"]["Error"][0]["code"], "2010");
}

TEST_F(QboHttp, an_entity_read_from_the_sandbox_can_be_sent_back_whole) {
    // Clients such as node-quickbooks' voidInvoice(id) read the entity and post it back as is.
    const auto created = sandbox_.create("Invoice", sdk::parse_json_exact(kInvoice));
    const auto read = sandbox_.api("GET", "invoice/" + created["Id"].get<std::string>());
    const auto voided = sandbox_.api("POST", "invoice?operation=void", read.json["Invoice"].dump());
    ASSERT_EQ(voided.status, 200) << voided.body;
    const auto prefs = sandbox_.api("GET", "preferences").json["Preferences"];
    const auto updated = sandbox_.api("POST", "preferences", prefs.dump());
    EXPECT_EQ(updated.status, 200) << updated.body;
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
