// Every XML fault and throttle body of ../shared/specs/qbo/samples/xml-quickbooks-ruby/ and the
// JSON faults inside batch_response.json, parsed and classified into the SDK's outcomes.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "fake_host.hpp"
#include "faults.hpp"

namespace ledgersync::connectors::quickbooks {
namespace {

using nlohmann::json;
using sdk::OutcomeClass;
using std::chrono::milliseconds;
using testing::sample;

const FaultContext kCreatingCustomer{"creating", "customer 'Smith Family Store'", "Smith Family Store", "Customer"};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

QboFault xml_fault(const std::string& name) {
    const auto fault = parse_fault(sample("xml-quickbooks-ruby/" + name));
    EXPECT_TRUE(fault) << name;
    return fault.value_or(QboFault{});
}

TEST(Faults, throttle_exceeded_xml_from_the_403_era_is_rate_limited_for_60_seconds) {
    const QboFault fault = xml_fault("throttle_exceeded_error.xml");
    EXPECT_EQ(fault.type, "SERVICE");
    ASSERT_EQ(fault.errors.size(), 1u);
    EXPECT_EQ(fault.code(), "3001");
    EXPECT_EQ(fault.errors[0].message, "message=ThrottleExceeded; errorCode=003001; statusCode=403");
    EXPECT_EQ(fault.errors[0].detail, "The request limit was reached.  Try again later");
    const sdk::Outcome o = classify_fault(fault, 403, kCreatingCustomer);
    EXPECT_EQ(o.kind, OutcomeClass::rate_limited);
    EXPECT_EQ(o.retry_after, std::chrono::seconds(60));
    EXPECT_TRUE(contains(o.reason, "rate limit")) << o.reason;
}

TEST(Faults, too_many_requests_xml_is_rate_limited_for_its_retry_after) {
    const std::string body = sample("xml-quickbooks-ruby/too_many_requests_error.xml");
    const QboFault fault = xml_fault("too_many_requests_error.xml");
    EXPECT_EQ(fault.code(), "3001");
    EXPECT_TRUE(is_throttle(fault, 429));
    const sdk::Outcome o = classify_response(429, body, kCreatingCustomer, milliseconds(7000));
    EXPECT_EQ(o.kind, OutcomeClass::rate_limited);
    EXPECT_EQ(o.retry_after, milliseconds(7000));
}

TEST(Faults, validation_fault_xml_with_two_errors_is_data_naming_the_field) {
    const QboFault fault = xml_fault("fault.xml");
    EXPECT_EQ(fault.type, "ValidationFault");
    ASSERT_EQ(fault.errors.size(), 2u);
    EXPECT_EQ(fault.errors[0].code, "2050");
    EXPECT_EQ(fault.errors[0].element, "firstname");
    EXPECT_EQ(fault.errors[0].message, "Length exceeds limit");
    EXPECT_EQ(fault.errors[0].detail, "Length of the field exceeds 21 chars");
    EXPECT_EQ(fault.errors[1].code, "2080");
    EXPECT_EQ(fault.errors[1].element, "postalcode");
    EXPECT_EQ(fault.errors[1].detail, "ZipCode should be a number with at least 5 digits");
    const sdk::Outcome o = classify_fault(fault, 400, kCreatingCustomer);
    EXPECT_EQ(o.kind, OutcomeClass::data);
    EXPECT_TRUE(contains(o.reason, "customer 'Smith Family Store'")) << o.reason;
    EXPECT_TRUE(contains(o.reason, "field firstname")) << o.reason;
    EXPECT_TRUE(contains(o.reason, "2050")) << o.reason;
    EXPECT_FALSE(o.fix_hint.empty());
    EXPECT_EQ(o.details["qbo_fault_code"], "2050");
}

TEST(Faults, generic_system_fault_xml_is_transient) {
    const QboFault fault = xml_fault("generic_error.xml");
    EXPECT_EQ(fault.type, "SystemFault");
    EXPECT_EQ(fault.code(), "10000");
    EXPECT_EQ(fault.errors[0].detail, "System Failure Error: Could not find resource for relative : some more info here");
    EXPECT_EQ(classify_fault(fault, 500, kCreatingCustomer).kind, OutcomeClass::transient);
}

TEST(Faults, duplicate_name_is_data_with_the_issue_message) {
    const QboFault fault = xml_fault("customer_duplicate_error.xml");
    EXPECT_EQ(fault.code(), "6240");
    EXPECT_EQ(fault.errors[0].message, "Duplicate Name Exists Error");
    const sdk::Outcome o = classify_fault(fault, 400, kCreatingCustomer);
    EXPECT_EQ(o.kind, OutcomeClass::data);
    EXPECT_TRUE(contains(o.reason, "a customer, vendor or employee named 'Smith Family Store' already exists in QuickBooks; "
                                   "rename one of them or map this customer to the existing one"))
        << o.reason;
    EXPECT_EQ(o.fix_hint, "rename one of them or map this customer to the existing one");
}

TEST(Faults, invalid_query_is_data) {
    const QboFault fault = xml_fault("query_validation_error.xml");
    EXPECT_EQ(fault.code(), "4001");
    EXPECT_EQ(fault.errors[0].detail, "QueryValidationError: value 0 is too small. Min allowed value is 1");
    const sdk::Outcome o = classify_fault(fault, 400, {"querying", "Invoice entities", "", "Invoice"});
    EXPECT_EQ(o.kind, OutcomeClass::data);
    EXPECT_TRUE(contains(o.reason, "value 0 is too small")) << o.reason;
}

TEST(Faults, batch_response_item_faults_are_classified) {
    const json batch = sdk::parse_json_exact(sample("json-intuit-docs/batch_response.json"));
    const auto& items = batch["BatchItemResponse"];
    const QboFault duplicate = fault_from_json(items[0]["Fault"]);
    const QboFault inactive = fault_from_json(items[1]["Fault"]);
    const QboFault stale = fault_from_json(items[2]["Fault"]);
    EXPECT_EQ(duplicate.code(), "6240");
    EXPECT_EQ(inactive.code(), "610");
    EXPECT_EQ(stale.code(), "5010");
    EXPECT_EQ(stale.errors[0].detail,
              "Stale Object Error : You and root were working on this at the same time. root finished before you did, so "
              "your work was not saved.");
    EXPECT_EQ(classify_fault(duplicate, 400, kCreatingCustomer).kind, OutcomeClass::data);
    const sdk::Outcome o610 = classify_fault(inactive, 400, {"creating", "invoice INV-1", "", "Invoice"});
    EXPECT_EQ(o610.kind, OutcomeClass::data);
    EXPECT_TRUE(contains(o610.reason, "inactive")) << o610.reason;
    EXPECT_TRUE(contains(o610.fix_hint, "reactivate")) << o610.fix_hint;
    // 5010 reaches classification only after the connector re-read and retried once.
    EXPECT_EQ(classify_fault(stale, 400, {"updating", "invoice INV-1", "", "Invoice"}).kind, OutcomeClass::transient);
    EXPECT_EQ(items[3]["bId"], "bid4");
    EXPECT_FALSE(items[3].contains("Fault"));
}

TEST(Faults, json_fault_bodies_in_any_letter_case_parse) {
    // QBO's 401 bodies write the fault in lower case.
    const std::string body = R"({"warnings":null,"intuitObject":null,"fault":{"error":[{"message":"message=AuthenticationFailed; errorCode=003200; statusCode=401","detail":"Token expired: AB11...","code":"3200","element":null}],"type":"AUTHENTICATION"},"report":null,"time":1600000000000})";
    const auto fault = parse_fault(body);
    ASSERT_TRUE(fault);
    EXPECT_EQ(fault->code(), "3200");
    EXPECT_EQ(fault->type, "AUTHENTICATION");
    EXPECT_TRUE(is_token_rejection(fault, 401));
    EXPECT_EQ(classify_fault(*fault, 401, kCreatingCustomer).kind, OutcomeClass::auth);
    EXPECT_FALSE(parse_fault("<html><body>Bad gateway</body></html>"));
    EXPECT_FALSE(parse_fault(""));
    EXPECT_FALSE(parse_fault(R"({"Invoice": {"Id": "1"}})"));
}

QboFault with_code(const std::string& code, const std::string& detail = "detail text") {
    QboFault fault;
    fault.type = "ValidationFault";
    fault.errors.push_back({code, "Message of " + code, detail, ""});
    return fault;
}

TEST(Faults, every_documented_code_has_its_class_and_an_actionable_message) {
    const FaultContext context{"creating", "invoice INV-1003", "", "Invoice"};
    const std::pair<const char*, OutcomeClass> table[] = {
        {"3001", OutcomeClass::rate_limited}, {"3200", OutcomeClass::auth},   {"120", OutcomeClass::auth},
        {"3100", OutcomeClass::auth},         {"6190", OutcomeClass::auth},   {"10000", OutcomeClass::transient},
        {"5010", OutcomeClass::transient},    {"6240", OutcomeClass::data},   {"6140", OutcomeClass::data},
        {"2500", OutcomeClass::data},         {"610", OutcomeClass::data},    {"2020", OutcomeClass::data},
        {"2050", OutcomeClass::data},         {"2080", OutcomeClass::data},   {"2170", OutcomeClass::data},
        {"2010", OutcomeClass::data},         {"6000", OutcomeClass::data},   {"6210", OutcomeClass::data},
        {"6430", OutcomeClass::data},         {"6540", OutcomeClass::data},   {"6520", OutcomeClass::data},
        {"4001", OutcomeClass::data},         {"500", OutcomeClass::data},    {"99999", OutcomeClass::data},
    };
    for (const auto& [code, kind] : table) {
        const sdk::Outcome o = classify_fault(with_code(code), code == std::string("3200") ? 401 : 400, context);
        EXPECT_EQ(o.kind, kind) << code << ": " << o.reason;
        EXPECT_TRUE(contains(o.reason, "invoice INV-1003")) << code << ": " << o.reason;  // on which object
        EXPECT_TRUE(contains(o.reason, code)) << code << ": " << o.reason;                 // what QBO said
        if (kind != OutcomeClass::transient && kind != OutcomeClass::rate_limited) {
            EXPECT_FALSE(o.fix_hint.empty()) << code;  // what to do
        }
    }
    EXPECT_EQ(classify_fault(with_code("10000"), 503, context).kind, OutcomeClass::transient);
}

TEST(Faults, a_duplicate_name_says_which_kind_of_record_holds_the_name) {
    const sdk::Outcome item = classify_fault(with_code("6240"), 400, FaultContext{"creating", "item 'Consulting'", "Consulting", "Item"});
    EXPECT_TRUE(contains(item.reason, "an item named 'Consulting' already exists")) << item.reason;
    EXPECT_FALSE(contains(item.reason, "customer")) << item.reason;
    EXPECT_TRUE(contains(item.fix_hint, "SKU")) << item.fix_hint;
    const sdk::Outcome customer =
        classify_fault(with_code("6240"), 400, FaultContext{"creating", "customer 'Ada'", "Ada", "Customer"});
    EXPECT_TRUE(contains(customer.reason, "a customer, vendor or employee named 'Ada'")) << customer.reason;
}

TEST(Faults, responses_without_a_fault_are_classified_by_status) {
    const FaultContext context{"creating", "invoice INV-1003", "", "Invoice"};
    EXPECT_EQ(classify_response(503, "<html>Service Unavailable</html>", context).kind, OutcomeClass::transient);
    EXPECT_EQ(classify_response(502, "", context).kind, OutcomeClass::transient);
    const sdk::Outcome throttled = classify_response(429, "", context);
    EXPECT_EQ(throttled.kind, OutcomeClass::rate_limited);
    EXPECT_EQ(throttled.retry_after, std::chrono::seconds(60));
    EXPECT_EQ(classify_response(401, "", context).kind, OutcomeClass::auth);
    EXPECT_EQ(classify_response(403, "", context).kind, OutcomeClass::auth);
    EXPECT_EQ(classify_response(404, "", context).kind, OutcomeClass::data);
    EXPECT_EQ(classify_response(400, "not json", context).kind, OutcomeClass::data);
}

}  // namespace
}  // namespace ledgersync::connectors::quickbooks
