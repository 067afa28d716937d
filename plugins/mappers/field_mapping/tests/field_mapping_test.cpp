// field_mapping through the mapper test kit: the same C entry point and wire format the host
// uses, and every record it returns checked against the canonical schemas.

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>
#include <ledgersync/sdk/testing/mapper_test_kit.hpp>

namespace {

using nlohmann::json;
namespace kit = ledgersync::sdk::testing;
using ledgersync::sdk::OutcomeClass;

json read_json_file(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << "cannot read " << path;
    std::stringstream text;
    text << in.rdbuf();
    return ledgersync::sdk::parse_json_exact(text.str());
}

json example_config() { return read_json_file(std::string(LEDGERSYNC_SOURCE_DIR) + "/config/mappings/invoice-fields.json"); }

/// A canonical invoice record from `system` with `custom_fields` (and `raw`, when given).
json invoice_record(const std::string& system, const json& custom_fields, const json& raw = nullptr) {
    json body{{"number", "INV-1001"},
              {"status", "open"},
              {"currency", "USD"},
              {"issue_date", "2026-11-02"},
              {"customer", {{"type", "customer"}, {"id", "51"}}},
              {"lines", json::array({{{"kind", "item"}, {"description", "Widget"}, {"quantity", "1"}, {"unit_price", "10.00"}, {"amount", "10.00"}}})},
              {"totals", {{"subtotal", "10.00"}, {"discount", "0.00"}, {"tax", "0.00"}, {"total", "10.00"}, {"amount_paid", "0.00"}, {"balance_due", "10.00"}}},
              {"source_system", system},
              {"updated_at", "2026-11-26T14:03:20Z"}};
    if (!custom_fields.empty()) body["custom_fields"] = custom_fields;
    json record{{"identity", {{"system", system}, {"connection", system}, {"type", "invoice"}, {"id", "1001"}}},
                {"operation", "upsert"},
                {"version", "1"},
                {"schema", {{"id", "ledgersync.invoice"}, {"version", 1}}},
                {"body", body},
                {"links", json::array({{{"rel", "customer"}, {"type", "customer"}, {"id", "51"}, {"path", "/customer"}}})}};
    if (!raw.is_null()) record["raw"] = raw;
    return record;
}

json fields_of(const kit::MapResult& result) {
    EXPECT_TRUE(result.ok()) << (result.failure ? result.failure->reason : "");
    if (!result.ok()) return nullptr;
    const json& body = result.records.at(0).body;
    return body.contains("custom_fields") ? body["custom_fields"] : json::object();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// A mapper between hubspot and quickbooks with `mappings`, and `extra` top-level keys.
json config_with(const json& mappings, const json& extra = json::object()) {
    json config{{"between", {"hubspot", "quickbooks"}}, {"mappings", mappings}};
    for (const auto& [key, value] : extra.items()) config[key] = value;
    return config;
}

std::string rejection(const json& config) {
    try {
        kit::MapperTestKit mapper(config);
    } catch (const kit::MapperConfigRejected& e) {
        return e.what();
    }
    return "(accepted)";
}

const json kHubSpotFields{{"hs_purchase_order_number", "PO-7781"},
                          {"tracking_number", "1Z999AA10123456784"},
                          {"shipping_method", "ups_ground"}};

// ------------------------------------------------------------------------------------------
// The shipped example, both directions

TEST(FieldMappingExample, maps_po_tracking_and_shipping_method_to_quickbooks_custom_fields) {
    kit::MapperTestKit mapper(example_config());
    const json fields = fields_of(mapper.map(invoice_record("hubspot", kHubSpotFields)));
    EXPECT_EQ(fields, json({{"PO number", "PO-7781"}, {"Tracking number", "1Z999AA10123456784"}, {"Shipping method", "UPS Ground"}}))
        << "HubSpot's names leave, QuickBooks' arrive";
}

TEST(FieldMappingExample, round_trip_hubspot_to_quickbooks_and_back_gives_the_same_fields) {
    kit::MapperTestKit mapper(example_config());
    const auto there = mapper.map(invoice_record("hubspot", kHubSpotFields));
    const json back = fields_of(mapper.map(invoice_record("quickbooks", fields_of(there))));
    EXPECT_EQ(back, kHubSpotFields);
}

TEST(FieldMappingExample, round_trip_quickbooks_to_hubspot_and_back_gives_the_same_fields) {
    kit::MapperTestKit mapper(example_config());
    const json qbo{{"PO number", "4711"}, {"Shipping method", "FedEx 2Day"}};
    const auto there = mapper.map(invoice_record("quickbooks", qbo));
    EXPECT_EQ(fields_of(there), json({{"hs_purchase_order_number", "4711"}, {"shipping_method", "fedex_2day"}}));
    EXPECT_EQ(fields_of(mapper.map(invoice_record("hubspot", fields_of(there)))), qbo);
}

TEST(FieldMappingExample, the_example_writes_no_more_than_three_quickbooks_custom_fields) {
    json config = example_config();
    config["mappings"].push_back({{"hubspot", "/custom_fields/carrier_account"}, {"quickbooks", "/custom_fields/Carrier account"}});
    const std::string text = rejection(config);
    EXPECT_TRUE(contains(text, "/mappings: 4 QuickBooks custom fields are written (\"Carrier account\", \"PO number\", "
                               "\"Shipping method\", \"Tracking number\"), and QuickBooks Online invoices take at most 3"))
        << text;
}

// ------------------------------------------------------------------------------------------
// Reading QuickBooks' own payload (the Intuit sample invoice) toward HubSpot

TEST(FieldMappingQuickBooksSample, reads_custom_fields_and_raw_fields_of_the_intuit_sample_invoice) {
    const json sample = read_json_file(std::string(LEDGERSYNC_SHARED_DIR) + "/specs/qbo/samples/json-intuit-docs/invoice_object.json");
    const json& qbo_invoice = sample.contains("Invoice") ? sample["Invoice"] : sample;
    json fields = json::object();
    for (const auto& field : qbo_invoice["CustomField"]) fields[field["Name"].get<std::string>()] = field["StringValue"];
    kit::MapperTestKit mapper(config_with(json::array({
        {{"hubspot", "/custom_fields/crew_number"}, {"quickbooks", "/custom_fields/Crew #"}},
        {{"hubspot", "/custom_fields/qbo_doc_number"}, {"quickbooks", "raw:/DocNumber"}},
        {{"hubspot", "/custom_fields/qbo_txn_date"}, {"quickbooks", "raw:/TxnDate"},
         {"date_format", {{"hubspot", "%d.%m.%Y"}, {"quickbooks", "%Y-%m-%d"}}}},
    })));
    const json mapped = fields_of(mapper.map(invoice_record("quickbooks", fields, qbo_invoice)));
    EXPECT_EQ(mapped["crew_number"], "102");
    EXPECT_EQ(mapped["qbo_doc_number"], qbo_invoice["DocNumber"]);
    EXPECT_EQ(mapped["qbo_txn_date"], "19.09.2014");
    EXPECT_FALSE(mapped.contains("Crew #"));
}

TEST(FieldMappingQuickBooksSample, a_raw_field_holding_an_object_is_a_data_failure) {
    const json sample = read_json_file(std::string(LEDGERSYNC_SHARED_DIR) + "/specs/qbo/samples/json-intuit-docs/invoice_object.json");
    const json& qbo_invoice = sample.contains("Invoice") ? sample["Invoice"] : sample;
    kit::MapperTestKit mapper(config_with(json::array({{{"hubspot", "/custom_fields/customer"}, {"quickbooks", "raw:/CustomerRef"}}})));
    const auto result = mapper.map(invoice_record("quickbooks", json::object(), qbo_invoice));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->kind, OutcomeClass::data);
    EXPECT_TRUE(contains(result.failure->reason, "quickbooks field raw:/CustomerRef of invoice 1001 (mapping 1 (hubspot "
                                                 "/custom_fields/customer <-> quickbooks raw:/CustomerRef)) holds object"))
        << result.failure->reason;
}

// ------------------------------------------------------------------------------------------
// Transforms

TEST(FieldMappingTransforms, a_constant_is_written_toward_its_side_only) {
    kit::MapperTestKit mapper(config_with(json::array({{{"quickbooks", "/custom_fields/Channel"}, {"constant", "HubSpot"}}})));
    EXPECT_EQ(fields_of(mapper.map(invoice_record("hubspot", json::object()))), json({{"Channel", "HubSpot"}}));
    EXPECT_EQ(fields_of(mapper.map(invoice_record("quickbooks", {{"Channel", "HubSpot"}}))), json({{"Channel", "HubSpot"}}))
        << "toward HubSpot the constant mapping does not run, and the field passes as it is";
}

TEST(FieldMappingTransforms, date_format_converts_both_ways) {
    kit::MapperTestKit mapper(config_with(json::array({{{"hubspot", "/custom_fields/ship_date"}, {"quickbooks", "/custom_fields/Ship date"},
                                                        {"date_format", {{"hubspot", "%Y-%m-%d"}, {"quickbooks", "%m/%d/%Y"}}}}})));
    EXPECT_EQ(fields_of(mapper.map(invoice_record("hubspot", {{"ship_date", "2026-11-02"}}))), json({{"Ship date", "11/02/2026"}}));
    EXPECT_EQ(fields_of(mapper.map(invoice_record("quickbooks", {{"Ship date", "02/29/2028"}}))), json({{"ship_date", "2028-02-29"}}));
}

TEST(FieldMappingTransforms, a_value_that_is_not_a_date_in_the_source_format_fails) {
    kit::MapperTestKit mapper(config_with(json::array({{{"hubspot", "/custom_fields/ship_date"}, {"quickbooks", "/custom_fields/Ship date"},
                                                        {"date_format", {{"hubspot", "%Y-%m-%d"}, {"quickbooks", "%m/%d/%Y"}}}}})));
    const auto result = mapper.map(invoice_record("hubspot", {{"ship_date", "2026-02-30"}}));
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(contains(result.failure->reason, "the value \"2026-02-30\" of hubspot field /custom_fields/ship_date is not a date in the format \"%Y-%m-%d\""))
        << result.failure->reason;
    EXPECT_TRUE(contains(result.failure->fix_hint, "write the date as \"%Y-%m-%d\" in hubspot")) << result.failure->fix_hint;
}

TEST(FieldMappingTransforms, an_unmapped_value_without_default_fails_naming_the_known_ones) {
    kit::MapperTestKit mapper(example_config());
    const auto result = mapper.map(invoice_record("quickbooks", {{"Shipping method", "Carrier pigeon"}}));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->kind, OutcomeClass::data);
    EXPECT_TRUE(contains(result.failure->reason, "the value \"Carrier pigeon\" of quickbooks field /custom_fields/Shipping method has no entry "
                                                 "in the values of mapping 3"))
        << result.failure->reason;
    EXPECT_TRUE(contains(result.failure->reason, "known: \"UPS Ground\", \"UPS Next Day Air\"")) << result.failure->reason;
    EXPECT_TRUE(contains(result.failure->fix_hint, "add {\"quickbooks\": \"Carrier pigeon\", \"hubspot\": ...}")) << result.failure->fix_hint;
}

TEST(FieldMappingTransforms, an_unmapped_value_takes_the_default_of_its_target) {
    kit::MapperTestKit mapper(example_config());
    EXPECT_EQ(fields_of(mapper.map(invoice_record("hubspot", {{"shipping_method", "drone"}}))), json({{"Shipping method", "Other"}}));
}

TEST(FieldMappingTransforms, concatenate_joins_the_parts_present_and_runs_from_their_side_only) {
    kit::MapperTestKit mapper(config_with(json::array({{{"hubspot", {"/custom_fields/carrier", "/custom_fields/service"}},
                                                        {"quickbooks", "/custom_fields/Shipping"},
                                                        {"separator", " / "}}})));
    EXPECT_EQ(fields_of(mapper.map(invoice_record("hubspot", {{"carrier", "UPS"}, {"service", "Ground"}}))),
              json({{"Shipping", "UPS / Ground"}}));
    EXPECT_EQ(fields_of(mapper.map(invoice_record("hubspot", {{"carrier", "UPS"}}))), json({{"Shipping", "UPS"}}));
    EXPECT_EQ(fields_of(mapper.map(invoice_record("quickbooks", {{"Shipping", "UPS / Ground"}}))), json({{"Shipping", "UPS / Ground"}}))
        << "a concatenation is not split back";
}

TEST(FieldMappingTransforms, a_standard_field_read_by_a_mapping_stays) {
    kit::MapperTestKit mapper(config_with(json::array({{{"hubspot", "/memo"}, {"quickbooks", "/custom_fields/Note"}, {"max_length", 31}}})));
    json record = invoice_record("hubspot", json::object());
    record["body"]["memo"] = "Leave at the back door";
    const auto result = mapper.map(record);
    EXPECT_EQ(fields_of(result), json({{"Note", "Leave at the back door"}}));
    EXPECT_EQ(result.records.at(0).body["memo"], "Leave at the back door");
}

TEST(FieldMappingTransforms, a_required_value_that_is_absent_fails) {
    kit::MapperTestKit mapper(config_with(json::array({{{"hubspot", "/custom_fields/hs_purchase_order_number"},
                                                        {"quickbooks", "/custom_fields/PO number"}, {"required", true}}})));
    const auto result = mapper.map(invoice_record("hubspot", json::object()));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->reason, "invoice 1001 has no value in hubspot field /custom_fields/hs_purchase_order_number, which mapping 1 "
                                      "(hubspot /custom_fields/hs_purchase_order_number <-> quickbooks /custom_fields/PO number) requires");
}

TEST(FieldMappingTransforms, an_absent_optional_value_writes_nothing) {
    kit::MapperTestKit mapper(example_config());
    EXPECT_EQ(fields_of(mapper.map(invoice_record("hubspot", {{"tracking_number", "1Z9"}}))), json({{"Tracking number", "1Z9"}}));
}

// ------------------------------------------------------------------------------------------
// Length limits and truncation (UTF-8 safe, counted as QuickBooks counts)

TEST(FieldMappingTruncation, a_value_too_long_fails_rather_than_lose_data) {
    kit::MapperTestKit mapper(example_config());
    const std::string po = "PO-2026-11-ACME-WEST-REGION-ORDER-0042";  // 38 characters, the limit is 31
    const auto result = mapper.map(invoice_record("hubspot", {{"hs_purchase_order_number", po}}));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->kind, OutcomeClass::data);
    EXPECT_TRUE(contains(result.failure->reason, "the value \"" + po + "\" for quickbooks field /custom_fields/PO number is 38 characters "
                                                 "long, and mapping 1 (hubspot /custom_fields/hs_purchase_order_number <-> quickbooks "
                                                 "/custom_fields/PO number) allows 31; it is not cut, so nothing is lost"))
        << result.failure->reason;
    EXPECT_TRUE(contains(result.failure->fix_hint, "\"allow_truncation\": true")) << result.failure->fix_hint;
}

json truncating(int max_length, const json& extra = json::object()) {
    return config_with(json::array({{{"hubspot", "/custom_fields/name"}, {"quickbooks", "/custom_fields/Name"},
                                     {"max_length", max_length}, {"allow_truncation", true}}}),
                       extra);
}

TEST(FieldMappingTruncation, allowed_truncation_never_cuts_inside_a_character) {
    // "Zoë😀x": Z, o, ë (2 bytes), 😀 (4 bytes; 2 UTF-16 units, as QuickBooks counts), x.
    const std::string name = "Zo\xC3\xAB\xF0\x9F\x98\x80x";
    kit::MapperTestKit utf16(truncating(4));
    EXPECT_EQ(fields_of(utf16.map(invoice_record("hubspot", {{"name", name}})))["Name"], "Zo\xC3\xAB")
        << "the emoji needs units 4 and 5: it does not fit in 4 and is not split";
    kit::MapperTestKit five(truncating(5));
    EXPECT_EQ(fields_of(five.map(invoice_record("hubspot", {{"name", name}})))["Name"], "Zo\xC3\xAB\xF0\x9F\x98\x80");
    kit::MapperTestKit code_points(truncating(4, {{"length_unit", "code_points"}}));
    EXPECT_EQ(fields_of(code_points.map(invoice_record("hubspot", {{"name", name}})))["Name"], "Zo\xC3\xAB\xF0\x9F\x98\x80");
}

TEST(FieldMappingTruncation, a_value_within_the_limit_is_untouched) {
    kit::MapperTestKit mapper(truncating(6));
    EXPECT_EQ(fields_of(mapper.map(invoice_record("hubspot", {{"name", "Zo\xC3\xAB\xF0\x9F\x98\x80x"}})))["Name"], "Zo\xC3\xAB\xF0\x9F\x98\x80x");
}

// ------------------------------------------------------------------------------------------
// Custom fields no mapping reads, and records the mapper is not for

TEST(FieldMappingRecords, unmapped_custom_fields_are_kept_or_dropped_as_configured) {
    const json fields{{"hs_purchase_order_number", "PO-1"}, {"internal_note", "VIP"}};
    kit::MapperTestKit keep(example_config());
    EXPECT_EQ(fields_of(keep.map(invoice_record("hubspot", fields))), json({{"PO number", "PO-1"}, {"internal_note", "VIP"}}));
    json config = example_config();
    config["unmapped_custom_fields"] = "drop";
    kit::MapperTestKit drop(config);
    EXPECT_EQ(fields_of(drop.map(invoice_record("hubspot", fields))), json({{"PO number", "PO-1"}}));
}

TEST(FieldMappingRecords, a_record_from_a_system_the_mapping_does_not_name_fails) {
    kit::MapperTestKit mapper(example_config());
    const auto result = mapper.map(invoice_record("stripe", json::object()));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->reason, "invoice 1001 comes from stripe, and this field_mapping maps between hubspot and quickbooks");
}

// ------------------------------------------------------------------------------------------
// Configuration

TEST(FieldMappingConfig, an_unknown_key_is_refused_at_its_path) {
    json config = example_config();
    config["mappings"][2]["valeus"] = json::array();
    const std::string text = rejection(config);
    EXPECT_TRUE(contains(text, "/mappings/2/valeus: unknown key; did you mean \"values\"?")) << text;
}

TEST(FieldMappingConfig, between_and_mappings_are_required) {
    const std::string text = rejection(json::object());
    EXPECT_TRUE(contains(text, "/between: required key is missing")) << text;
    EXPECT_TRUE(contains(text, "/mappings: required key is missing")) << text;
}

TEST(FieldMappingConfig, a_mapping_needs_both_sides_or_a_constant) {
    const std::string text = rejection(config_with(json::array({{{"hubspot", "/custom_fields/po"}}})));
    EXPECT_TRUE(contains(text, "/mappings/0: name the field of both sides (\"hubspot\" and \"quickbooks\"), or give one side a \"constant\"."))
        << text;
}

TEST(FieldMappingConfig, a_value_listed_twice_on_one_side_is_refused) {
    const std::string text = rejection(config_with(json::array({{{"hubspot", "/custom_fields/s"}, {"quickbooks", "/custom_fields/S"},
                                                                 {"values", {{{"hubspot", "a"}, {"quickbooks", "A"}},
                                                                             {{"hubspot", "b"}, {"quickbooks", "A"}}}}}})));
    EXPECT_TRUE(contains(text, "/mappings/0/values/1/quickbooks: \"A\" is listed twice for quickbooks")) << text;
}

TEST(FieldMappingConfig, a_bad_date_format_is_refused) {
    const std::string text = rejection(config_with(json::array({{{"hubspot", "/custom_fields/d"}, {"quickbooks", "/custom_fields/D"},
                                                                 {"date_format", {{"hubspot", "%Y-%m-%d"}, {"quickbooks", "%m/%d/%y"}}}}})));
    EXPECT_TRUE(contains(text, "/mappings/0/date_format/quickbooks: \"%m/%d/%y\" has the directive \"%y\"")) << text;
}

TEST(FieldMappingConfig, a_field_that_is_not_a_pointer_is_refused) {
    const std::string text = rejection(config_with(json::array({{{"hubspot", "custom_fields/po"}, {"quickbooks", "/custom_fields/PO"}}})));
    EXPECT_TRUE(contains(text, "/mappings/0/hubspot: \"custom_fields/po\" is not a field")) << text;
}

TEST(FieldMappingConfig, a_mapping_between_two_raw_fields_is_refused) {
    const std::string text = rejection(config_with(json::array({{{"hubspot", "raw:/a"}, {"quickbooks", "raw:/b"}}})));
    EXPECT_TRUE(contains(text, "/mappings/0: this mapping can run in no direction")) << text;
}

}  // namespace
