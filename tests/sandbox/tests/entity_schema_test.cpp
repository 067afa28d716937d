// The members QBO knows per type: the table against the XSDs, every real sample and every
// entity the sandbox itself writes pass the check, and unknown members are refused with 2010.

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ledgersync/sdk/json.hpp>

#include "qbo/entity_schema.hpp"
#include "support/model_fixture.hpp"

namespace ledgersync::sandbox::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The text of every <xs:complexType name="..."> of the QBO XSDs, by type name (the XSDs have no
// anonymous or nested complex types, so a type ends at the first </xs:complexType>).
std::map<std::string, std::string> xsd_complex_types() {
    std::map<std::string, std::string> types;
    const fs::path dir = fs::path(LEDGERSYNC_SHARED_DIR) / "specs/qbo/xsd";
    const std::regex start(R"re(<xs:complexType name="([A-Za-z0-9]+)")re");
    for (const char* file : {"Finance.xsd", "IntuitBaseTypes.xsd", "IntuitNamesTypes.xsd",
                             "SalesTax.xsd", "IntuitRestServiceDef.xsd"}) {
        const std::string text = read_text(dir / file);
        EXPECT_FALSE(text.empty()) << dir / file;
        for (std::sregex_iterator it(text.begin(), text.end(), start), end; it != end; ++it) {
            const std::size_t from = static_cast<std::size_t>(it->position());
            const std::size_t to = text.find("</xs:complexType>", from);
            types[(*it)[1]] = text.substr(from, to - from);
        }
    }
    return types;
}

std::string strip_prefix(const std::string& type) {
    const auto colon = type.find(':');
    return colon == std::string::npos ? type : type.substr(colon + 1);
}

TEST(QboEntitySchema, the_member_table_matches_the_qbo_xsds) {
    const auto xsd = xsd_complex_types();
    ASSERT_GT(xsd.size(), 100u);
    // Attributes in any order, over several lines.
    const std::regex element(R"re(<xs:element\b([^>]*)>)re");
    const std::regex attribute(R"re(<xs:attribute\b([^>]*)>)re");
    const std::regex extension(R"re(<xs:extension base="([A-Za-z0-9:]+)")re");
    const auto attribute_value = [](const std::string& attributes, const std::string& name) {
        std::smatch m;
        const std::regex pattern("\\b" + name + R"re(="([A-Za-z0-9:]+)")re");
        return std::regex_search(attributes, m, pattern) ? std::string(m[1]) : std::string();
    };
    const auto& table = qbo::schema_types();
    ASSERT_GT(table.size(), 90u);
    for (const auto& [name, type] : table) {
        const auto it = xsd.find(name);
        ASSERT_NE(it, xsd.end()) << name << " is no complex type of the XSDs";
        const std::string& text = it->second;
        std::set<std::string> expected;
        for (std::sregex_iterator m(text.begin(), text.end(), element), end; m != end; ++m) {
            const std::string attributes = (*m)[1];
            const std::string member = attribute_value(attributes, "name");
            const std::string member_type = strip_prefix(attribute_value(attributes, "type"));
            const bool complex = xsd.count(member_type) > 0;
            expected.insert(complex ? member + ":" + member_type : member);
        }
        for (std::sregex_iterator m(text.begin(), text.end(), attribute), end; m != end; ++m)
            expected.insert(attribute_value((*m)[1], "name"));
        std::string base;
        std::smatch ext;
        if (text.find("<xs:simpleContent") != std::string::npos)
            expected.insert("value");  // simple content: its text is "value" in JSON
        else if (std::regex_search(text, ext, extension))
            base = strip_prefix(ext[1]);
        std::set<std::string> actual;
        for (const auto& member : type.own_members)
            actual.insert(member.type.empty() ? member.name : member.name + ":" + member.type);
        EXPECT_EQ(actual, expected) << "members of " << name;
        EXPECT_EQ(type.base, base) << "base of " << name;
        // Every structured member's type is in the table too (or is IntuitAnyType, not looked
        // into).
        for (const auto& member : type.own_members) {
            if (!member.type.empty() && member.type != "IntuitAnyType") {
                EXPECT_TRUE(table.count(member.type) > 0)
                    << name << "." << member.name << " is of type " << member.type;
            }
        }
    }
    for (const auto& k : qbo::all_entity_kinds())
        EXPECT_TRUE(table.count(k.name) > 0) << k.name;
    EXPECT_TRUE(table.count("ExchangeRate") > 0);
}

// The entity type a request sample's body is, by its file name.
std::string request_entity(const std::string& file) {
    for (const auto& k : qbo::all_entity_kinds()) {
        if (file.rfind(k.resource + "_", 0) == 0)
            return k.name;
    }
    return {};
}

// Calls visit(type, value) for every entity member ("Invoice": {...}) of a response document.
void for_each_entity(const nlohmann::json& value,
                     const std::function<void(const std::string&, const nlohmann::json&)>& visit) {
    if (value.is_array()) {
        for (const auto& element : value)
            for_each_entity(element, visit);
    } else if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (const auto* k = qbo::find_kind_by_name(it.key());
                k != nullptr && k->name == it.key())
                visit(k->name, it.value());
            else
                for_each_entity(it.value(), visit);
        }
    }
}

TEST(QboEntitySchema, every_real_sample_passes_the_member_check) {
    const fs::path dir = fs::path(LEDGERSYNC_SHARED_DIR) / "specs/qbo/samples/json-intuit-docs";
    int checked = 0;
    for (const auto& file : fs::directory_iterator(dir)) {
        const std::string name = file.path().filename().string();
        const auto document = sdk::parse_json_exact(read_text(file.path()));
        const auto check = [&](const std::string& type, const nlohmann::json& body) {
            ++checked;
            try {
                qbo::check_known_members(type, body);
            } catch (const qbo::QboFault& fault) {
                ADD_FAILURE() << name << ": " << fault.what();
            }
        };
        if (name.find("_request") != std::string::npos && !request_entity(name).empty()) {
            check(request_entity(name), document);
        } else {
            for_each_entity(document, check);
        }
    }
    EXPECT_GE(checked, 35);  // 32 files: request bodies and the entities of the responses
}

class QboEntitySchemaModel : public QboModelTest {};

TEST_F(QboEntitySchemaModel, every_entity_the_sandbox_writes_passes_its_own_member_check) {
    seed({{"customers", true}, {"multicurrency", true}, {"custom_fields", {"Crew #"}}});
    create("Invoice", R"({"CustomerRef":{"value":"1"},"BillEmail":{"Address":"a@b.example"},
        "TxnTaxDetail":{"TxnTaxCodeRef":{"value":"2"}},"CustomField":[{"DefinitionId":"1","StringValue":"7"}],
        "Line":[{"DetailType":"SalesItemLineDetail","Amount":100.0,"SalesItemLineDetail":{"ItemRef":{"value":"2"},
        "Qty":2,"UnitPrice":50,"TaxCodeRef":{"value":"TAX"}}},{"DetailType":"DiscountLineDetail","Amount":10,
        "DiscountLineDetail":{"PercentBased":false}}]})");
    create("Payment", R"({"TotalAmt":20,"CustomerRef":{"value":"1"},"Line":[{"Amount":20,
        "LinkedTxn":[{"TxnId":"1","TxnType":"Invoice"}]}]})");
    int checked = 0;
    for (const auto& k : qbo::all_entity_kinds()) {
        for (const auto& [id, entity] : store_->entities(k.name)) {
            ++checked;
            try {
                qbo::check_known_members(k.name, entity.body);
            } catch (const qbo::QboFault& fault) {
                ADD_FAILURE() << k.name << " " << id << ": " << fault.what();
            }
        }
    }
    EXPECT_GT(checked, 30);
}

TEST(QboEntitySchema, an_unknown_member_is_2010_naming_the_member_and_its_type) {
    const auto fault_of = [](const std::string& type, const std::string& body) -> std::string {
        try {
            qbo::check_known_members(type, sdk::parse_json_exact(body));
        } catch (const qbo::QboFault& fault) {
            return fault.errors().front().code + " " + fault.errors().front().detail;
        }
        return "";
    };
    EXPECT_EQ(fault_of("Customer", R"({"DisplayName":"A","Nickname":"b"})"),
              "2010 Property Name:Unrecognized field \"Nickname\" (class "
              "com.intuit.schema.finance.v3.Customer), not marked as ignorable specified is "
              "unsupported or invalid");
    EXPECT_THAT(fault_of("Invoice", R"({"Line":[{"Amount":1,"SalesItemLineDetail":{"Item":{}}}]})"),
                HasSubstr("\"Item\" (class com.intuit.schema.finance.v3.SalesItemLineDetail)"));
    EXPECT_THAT(fault_of("Invoice", R"({"CustomerRef":{"value":"1","label":"x"}})"),
                HasSubstr("\"label\" (class com.intuit.schema.finance.v3.ReferenceType)"));
    // Inherited members (IntuitEntity, Transaction, SalesTransaction) and attributes are known;
    // the "...Ex" extension elements are not looked into.
    EXPECT_EQ(fault_of("Invoice", R"({"Id":"1","SyncToken":"0","sparse":true,"domain":"QBO",
        "DocNumber":"1","CustomerRef":{"value":"1","name":"A"},"Deposit":0,
        "InvoiceEx":{"any":{"thing":1}}})"),
              "");
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
