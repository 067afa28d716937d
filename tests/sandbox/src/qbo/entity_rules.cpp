#include "qbo/entity_rules.hpp"

#include <algorithm>
#include <set>

#include <ledgersync/sdk/utf8_text.hpp>

#include "common/iso_time.hpp"
#include "qbo/company_time.hpp"
#include "qbo/ledger.hpp"
#include "qbo/payment_application.hpp"
#include "qbo/qbo_fault.hpp"
#include "qbo/qbo_json.hpp"
#include "qbo/references.hpp"
#include "qbo/transaction_math.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

using sdk::Decimal;

constexpr std::size_t kMaxDocNumberLength = 21;  // qbo.md §1.10
constexpr int kMaxSalesCustomFields = 3;         // qbo.md §1.10

std::string trimmed(std::string text) {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
        return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

void default_member(nlohmann::json& body, const char* member, const nlohmann::json& value) {
    if (!body.contains(member) || body.at(member).is_null())
        body[member] = value;
}

const nlohmann::json& member_or_empty(const nlohmann::json& object, const char* member) {
    static const nlohmann::json kEmpty = nlohmann::json::object();
    if (!object.is_object())
        return kEmpty;
    const auto it = object.find(member);
    return it == object.end() || !it->is_object() ? kEmpty : *it;
}

/// The Ids of the lines of the stored version (nullptr on create): an update keeps them.
std::set<std::string> line_ids_of(const nlohmann::json* previous) {
    std::set<std::string> ids;
    if (previous != nullptr && previous->contains("Line") && previous->at("Line").is_array()) {
        for (const auto& line : previous->at("Line"))
            ids.insert(string_member(line, "Id"));
    }
    return ids;
}

void require_date(const nlohmann::json& body, const char* member) {
    if (!body.contains(member) || body.at(member).is_null())
        return;
    if (!body.at(member).is_string() || !parse_iso_date_days(body.at(member).get<std::string>())) {
        throw faults::invalid_property(member, "must be a date YYYY-MM-DD");
    }
}

// Name-list names are unique per list, compared without regard to case.
template <class Visit>
void check_unique_name(const Ledger& ledger, std::string_view kind, const std::string& own_id,
                       const char* member, const std::string& name, Visit on_duplicate) {
    ledger.for_each(kind, [&](const StoredEntity& other) {
        if (string_member(other.body, "Id") != own_id &&
            equals_ignore_case(trimmed(string_member(other.body, member)), name)) {
            on_duplicate();
        }
    });
}

// The trimmed Name of a name-list entity (Item, Account, Term, ...): required, unique in its
// list, and, where `allow_colon` is false, without the colon QBO uses for sub-levels.
std::string checked_list_name(const Ledger& ledger, std::string_view kind, nlohmann::json& body,
                              const std::string& noun, bool allow_colon) {
    const std::string name = trimmed(string_member(body, "Name"));
    if (name.empty())
        throw faults::required_param_missing("Name");
    if (!allow_colon && name.find(':') != std::string::npos)
        throw faults::invalid_property("Name", "a name cannot contain a colon (:)");
    body["Name"] = name;
    check_unique_name(ledger, kind, string_member(body, "Id"), "Name", name,
                      [&] { throw faults::duplicate_name(noun); });
    return name;
}

// The currency of a new or updated customer/vendor; fixed once set (qbo.md §1.10).
void apply_currency(Ledger& ledger, nlohmann::json& body, const nlohmann::json* previous) {
    const std::string home = home_currency(ledger);
    std::string code = reference_value(body, "CurrencyRef");
    if (code.empty())
        code = previous != nullptr ? reference_value(*previous, "CurrencyRef") : home;
    if (code.empty())
        code = home;
    if (code != home && !multicurrency_enabled(ledger)) {
        throw faults::business_validation("Multicurrency is not enabled for this company, so " +
                                          code + " cannot be used; the home currency is " + home +
                                          ".");
    }
    if (previous != nullptr && !reference_value(*previous, "CurrencyRef").empty() &&
        reference_value(*previous, "CurrencyRef") != code) {
        throw faults::business_validation(
            "The currency of a customer or vendor cannot be changed once it is set.");
    }
    body["CurrencyRef"] = currency_ref(code);
}

std::string classification_of(const std::string& account_type) {
    static const std::pair<const char*, const char*> kTable[] = {
        {"Bank", "Asset"},
        {"Other Current Asset", "Asset"},
        {"Fixed Asset", "Asset"},
        {"Other Asset", "Asset"},
        {"Accounts Receivable", "Asset"},
        {"Equity", "Equity"},
        {"Expense", "Expense"},
        {"Other Expense", "Expense"},
        {"Cost of Goods Sold", "Expense"},
        {"Accounts Payable", "Liability"},
        {"Credit Card", "Liability"},
        {"Long Term Liability", "Liability"},
        {"Other Current Liability", "Liability"},
        {"Income", "Revenue"},
        {"Other Income", "Revenue"},
    };
    for (const auto& [type, classification] : kTable) {
        if (account_type == type)
            return classification;
    }
    return {};
}

std::string default_subtype_of(const std::string& account_type) {
    static const std::pair<const char*, const char*> kTable[] = {
        {"Bank", "Checking"},
        {"Other Current Asset", "OtherCurrentAssets"},
        {"Fixed Asset", "OtherFixedAssets"},
        {"Other Asset", "OtherLongTermAssets"},
        {"Accounts Receivable", "AccountsReceivable"},
        {"Equity", "OwnersEquity"},
        {"Expense", "OtherMiscellaneousServiceCost"},
        {"Other Expense", "OtherMiscellaneousExpense"},
        {"Cost of Goods Sold", "SuppliesMaterialsCogs"},
        {"Accounts Payable", "AccountsPayable"},
        {"Credit Card", "CreditCard"},
        {"Long Term Liability", "OtherLongTermLiabilities"},
        {"Other Current Liability", "OtherCurrentLiabilities"},
        {"Income", "ServiceFeeIncome"},
        {"Other Income", "OtherMiscellaneousIncome"},
    };
    for (const auto& [type, subtype] : kTable) {
        if (account_type == type)
            return subtype;
    }
    return {};
}

// Sales-form custom fields: the company's definitions (Preferences.SalesFormsPrefs.CustomField,
// "SalesFormsPrefs.UseSalesCustomN" + "SalesFormsPrefs.SalesCustomNameN"), each shown with the
// value the transaction sets, as QBO returns them.
std::vector<std::pair<std::string, std::string>> custom_field_definitions(const Ledger& ledger) {
    std::map<int, bool> used;
    std::map<int, std::string> names;
    const auto& groups = member_or_empty(ledger.preferences(), "SalesFormsPrefs");
    if (groups.contains("CustomField") && groups.at("CustomField").is_array()) {
        for (const auto& group : groups.at("CustomField")) {
            if (!group.is_object() || !group.contains("CustomField") ||
                !group.at("CustomField").is_array())
                continue;
            for (const auto& field : group.at("CustomField")) {
                const std::string name = string_member(field, "Name");
                for (int n = 1; n <= kMaxSalesCustomFields; ++n) {
                    if (name == "SalesFormsPrefs.UseSalesCustom" + std::to_string(n)) {
                        used[n] = flag_member(field, "BooleanValue", false);
                    }
                    if (name == "SalesFormsPrefs.SalesCustomName" + std::to_string(n))
                        names[n] = string_member(field, "StringValue");
                }
            }
        }
    }
    std::vector<std::pair<std::string, std::string>> definitions;
    for (int n = 1; n <= kMaxSalesCustomFields; ++n) {
        if (used[n] && !names[n].empty())
            definitions.emplace_back(std::to_string(n), names[n]);
    }
    return definitions;
}

void apply_custom_fields(const Ledger& ledger, nlohmann::json& body) {
    const auto definitions = custom_field_definitions(ledger);
    std::map<std::string, std::string> values;
    if (body.contains("CustomField") && body.at("CustomField").is_array()) {
        for (const auto& field : body.at("CustomField")) {
            const std::string id = string_member(field, "DefinitionId");
            if (field.contains("StringValue") && field.at("StringValue").is_string())
                values[id] = field.at("StringValue");
        }
    } else if (body.contains("CustomField") && !body.at("CustomField").is_null()) {
        throw faults::invalid_property("CustomField", "must be an array");
    }
    if (definitions.empty()) {
        body.erase("CustomField");
        return;
    }
    // Values for definitions the company does not have are dropped, as QBO does.
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& [id, name] : definitions) {
        nlohmann::json field = {{"DefinitionId", id}, {"Name", name}, {"Type", "StringType"}};
        if (const auto it = values.find(id); it != values.end())
            field["StringValue"] = it->second;
        fields.push_back(std::move(field));
    }
    body["CustomField"] = std::move(fields);
}

SalesTaxPlan tax_plan_for(Ledger& ledger, nlohmann::json& body) {
    SalesTaxPlan plan;
    plan.using_sales_tax =
        flag_member(member_or_empty(ledger.preferences(), "TaxPrefs"), "UsingSalesTax", false);
    if (!plan.using_sales_tax || !body.contains("TxnTaxDetail") ||
        !body.at("TxnTaxDetail").is_object())
        return plan;
    auto& detail = body["TxnTaxDetail"];
    const StoredEntity* code = resolve_reference(ledger, detail, "TxnTaxCodeRef", "TaxCode");
    if (code == nullptr)
        return plan;
    const auto& list = member_or_empty(code->body, "SalesTaxRateList");
    if (!list.contains("TaxRateDetail") || !list.at("TaxRateDetail").is_array())
        return plan;
    for (const auto& rate_detail : list.at("TaxRateDetail")) {
        const std::string rate_id = reference_value(rate_detail, "TaxRateRef");
        const StoredEntity* rate = ledger.find("TaxRate", rate_id);
        if (rate == nullptr)
            continue;
        plan.rates.push_back({rate_id, decimal_member(rate->body, "RateValue")});
    }
    return plan;
}

void resolve_sales_line(Ledger& ledger, nlohmann::json& line, bool default_taxable) {
    if (string_member(line, "DetailType") != "SalesItemLineDetail" ||
        !line.contains("SalesItemLineDetail"))
        return;
    auto& detail = line["SalesItemLineDetail"];
    if (!detail.is_object())
        return;
    const StoredEntity* item = resolve_reference(ledger, detail, "ItemRef", "Item");
    if (detail.contains("TaxCodeRef") && !detail.at("TaxCodeRef").is_null()) {
        const std::string code = reference_value(detail, "TaxCodeRef");
        if (code != "TAX" && code != "NON")
            resolve_reference(ledger, detail, "TaxCodeRef", "TaxCode");
    } else if (item != nullptr) {
        const bool taxable = default_taxable && flag_member(item->body, "Taxable", false);
        detail["TaxCodeRef"] = {{"value", taxable ? "TAX" : "NON"}};
    }
    if (detail.contains("ItemAccountRef"))
        resolve_reference(ledger, detail, "ItemAccountRef", "Account");
}

std::int64_t due_days(const Ledger& ledger, const nlohmann::json& body,
                      const StoredEntity* customer) {
    std::string term_id = reference_value(body, "SalesTermRef");
    if (term_id.empty() && customer != nullptr)
        term_id = reference_value(customer->body, "SalesTermRef");
    if (term_id.empty())
        term_id = reference_value(member_or_empty(ledger.preferences(), "SalesFormsPrefs"),
                                  "DefaultTerms");
    if (const StoredEntity* term = ledger.find("Term", term_id)) {
        if (term->body.contains("DueDays") && term->body.at("DueDays").is_number_integer()) {
            return term->body.at("DueDays").get<std::int64_t>();
        }
    }
    return 30;
}

}  // namespace

std::string home_currency(const Ledger& ledger) {
    const std::string code =
        reference_value(member_or_empty(ledger.preferences(), "CurrencyPrefs"), "HomeCurrency");
    return code.empty() ? "USD" : code;
}

bool multicurrency_enabled(const Ledger& ledger) {
    return flag_member(member_or_empty(ledger.preferences(), "CurrencyPrefs"),
                       "MultiCurrencyEnabled", false);
}

nlohmann::json currency_ref(const std::string& code) {
    static const std::pair<const char*, const char*> kNames[] = {{"USD", "United States Dollar"},
                                                                 {"EUR", "Euro"},
                                                                 {"GBP", "British Pound Sterling"},
                                                                 {"CAD", "Canadian Dollar"},
                                                                 {"AUD", "Australian Dollar"},
                                                                 {"JPY", "Japanese Yen"},
                                                                 {"CHF", "Swiss Franc"},
                                                                 {"INR", "Indian Rupee"},
                                                                 {"MXN", "Mexican Peso"}};
    nlohmann::json ref = {{"value", code}};
    for (const auto& [c, name] : kNames) {
        if (code == c)
            ref["name"] = name;
    }
    return ref;
}

void apply_person_rules(Ledger& ledger, const EntityKind& kind, nlohmann::json& body,
                        const nlohmann::json* previous) {
    std::string name = trimmed(string_member(body, "DisplayName"));
    if (name.empty()) {
        std::string derived;
        for (const char* part : {"Title", "GivenName", "MiddleName", "FamilyName", "Suffix"}) {
            const std::string value = trimmed(string_member(body, part));
            if (!value.empty())
                derived += (derived.empty() ? "" : " ") + value;
        }
        name = derived.empty() ? trimmed(string_member(body, "CompanyName")) : derived;
    }
    if (name.empty())
        throw faults::required_param_missing("DisplayName");
    if (name.find(':') != std::string::npos) {
        throw faults::invalid_property("DisplayName", "a name cannot contain a colon (:)");
    }
    body["DisplayName"] = name;
    const std::string own_id = string_member(body, "Id");
    for (const char* list : {"Customer", "Vendor", "Employee"}) {
        ledger.for_each(list, [&](const StoredEntity& other) {
            if (list == kind.name && string_member(other.body, "Id") == own_id)
                return;
            if (equals_ignore_case(trimmed(string_member(other.body, "DisplayName")), name)) {
                throw faults::duplicate_name("customer, vendor or employee");
            }
        });
    }
    default_member(body, "Active", true);
    default_member(body, "PrintOnCheckName", name);
    if (kind.name != "Employee") {
        apply_currency(ledger, body, previous);
        default_member(body, "Balance", "0");
        if (previous != nullptr && previous->contains("Balance"))
            body["Balance"] = previous->at("Balance");
    }
    if (kind.name == "Customer") {
        body["FullyQualifiedName"] = name;
        default_member(body, "Job", false);
        default_member(body, "BillWithParent", false);
        default_member(body, "Taxable", true);
        default_member(body, "PreferredDeliveryMethod", "Print");
        body["BalanceWithJobs"] = body["Balance"];
        if (body.contains("SalesTermRef"))
            resolve_reference(ledger, body, "SalesTermRef", "Term");
        if (body.contains("PaymentMethodRef"))
            resolve_reference(ledger, body, "PaymentMethodRef", "PaymentMethod");
    } else if (kind.name == "Vendor") {
        default_member(body, "Vendor1099", false);
    }
}

void apply_item_rules(Ledger& ledger, nlohmann::json& body) {
    const std::string name = checked_list_name(ledger, "Item", body, "product or service", false);
    default_member(body, "Type", "NonInventory");
    const std::string type = string_member(body, "Type");
    static const char* kTypes[] = {"Inventory", "NonInventory", "Service",  "Group",
                                   "Category",  "Discount",     "Payment",  "OtherCharge",
                                   "Tax",       "Subtotal",     "Assembly", "Fixed Asset"};
    if (std::none_of(std::begin(kTypes), std::end(kTypes),
                     [&](const char* t) { return type == t; })) {
        throw QboFault(400, "ValidationFault",
                       {{"2170", "Invalid Enumeration", "Invalid Enumeration : " + type, "Type"}});
    }
    const bool sellable = type == "Inventory" || type == "NonInventory" || type == "Service";
    resolve_reference(ledger, body, "IncomeAccountRef", "Account",
                      sellable ? "IncomeAccountRef" : "");
    resolve_reference(ledger, body, "ExpenseAccountRef", "Account",
                      type == "Inventory" ? "ExpenseAccountRef" : "");
    resolve_reference(ledger, body, "AssetAccountRef", "Account",
                      type == "Inventory" ? "AssetAccountRef" : "");
    if (type == "Inventory") {
        if (!body.contains("QtyOnHand"))
            throw faults::required_param_missing("QtyOnHand");
        if (!body.contains("InvStartDate"))
            throw faults::required_param_missing("InvStartDate");
        require_date(body, "InvStartDate");
    }
    body["FullyQualifiedName"] = name;
    default_member(body, "Active", true);
    default_member(body, "Taxable", false);
    default_member(body, "UnitPrice", "0");
    default_member(body, "PurchaseCost", "0");
    default_member(body, "TrackQtyOnHand", type == "Inventory");
    default_member(body, "SalesTaxIncluded", false);
    default_member(body, "PurchaseTaxIncluded", false);
}

void apply_account_rules(Ledger& ledger, nlohmann::json& body) {
    const std::string name = checked_list_name(ledger, "Account", body, "account", false);
    const std::string type = string_member(body, "AccountType");
    if (type.empty())
        throw faults::required_param_missing("AccountType");
    const std::string classification = classification_of(type);
    if (classification.empty()) {
        throw QboFault(
            400, "ValidationFault",
            {{"2170", "Invalid Enumeration", "Invalid Enumeration : " + type, "AccountType"}});
    }
    body["Classification"] = classification;
    default_member(body, "AccountSubType", default_subtype_of(type));
    body["FullyQualifiedName"] = name;
    default_member(body, "Active", true);
    default_member(body, "SubAccount", false);
    default_member(body, "CurrentBalance", "0");
    default_member(body, "CurrentBalanceWithSubAccounts", "0");
    if (!body.contains("CurrencyRef"))
        body["CurrencyRef"] = currency_ref(home_currency(ledger));
}

void apply_simple_list_rules(Ledger& ledger, const EntityKind& kind, nlohmann::json& body) {
    checked_list_name(ledger, kind.name, body, to_lower(kind.name), true);
    default_member(body, "Active", true);
    if (kind.name == "Term") {
        default_member(body, "Type", "STANDARD");
        default_member(body, "DueDays", 0);
    } else if (kind.name == "PaymentMethod") {
        default_member(body, "Type", "NON_CREDIT_CARD");
    }
}

void apply_sales_form_rules(Ledger& ledger, const EntityKind& kind, nlohmann::json& body,
                            const nlohmann::json* previous) {
    const bool customer_required =
        kind.name == "Invoice" || kind.name == "CreditMemo" || kind.name == "Estimate";
    if (!body.contains("Line") || body.at("Line").is_null())
        throw faults::required_param_missing("Line");
    const StoredEntity* customer = resolve_reference(ledger, body, "CustomerRef", "Customer",
                                                     customer_required ? "CustomerRef" : "");

    // Currency: the customer's; with multicurrency on, another one is refused (qbo.md §1.10).
    const std::string home = home_currency(ledger);
    std::string customer_currency =
        customer == nullptr ? home : reference_value(customer->body, "CurrencyRef");
    if (customer_currency.empty())
        customer_currency = home;
    std::string currency = reference_value(body, "CurrencyRef");
    if (currency.empty())
        currency = customer_currency;
    if (!multicurrency_enabled(ledger) && currency != home) {
        throw faults::business_validation("Multicurrency is not enabled for this company, so " +
                                          currency + " cannot be used; the home currency is " +
                                          home + ".");
    }
    if (multicurrency_enabled(ledger) && currency != customer_currency) {
        throw faults::business_validation("The currency of the transaction (" + currency +
                                          ") must match the currency of the customer (" +
                                          customer_currency + ").");
    }
    body["CurrencyRef"] = currency_ref(currency);
    if (multicurrency_enabled(ledger)) {
        if (currency == home) {
            body["ExchangeRate"] = "1";
        } else if (!body.contains("ExchangeRate") || body.at("ExchangeRate").is_null()) {
            throw faults::required_param_missing("ExchangeRate");
        } else if (!decimal_member(body, "ExchangeRate").sign()) {
            throw faults::business_validation("ExchangeRate must be greater than zero.");
        }
    }

    // DocNumber: at most 21 characters (counted as QBO, a Java service, counts them: UTF-16 code
    // units, not bytes); numbered automatically unless the company uses custom
    // transaction numbers, and then checked for duplicates (6140).
    const bool custom_numbers = flag_member(
        member_or_empty(ledger.preferences(), "SalesFormsPrefs"), "CustomTxnNumbers", false);
    std::string doc_number = string_member(body, "DocNumber");
    if (body.contains("DocNumber") && !body.at("DocNumber").is_null() &&
        !body.at("DocNumber").is_string()) {
        throw faults::invalid_property("DocNumber", "must be a string");
    }
    if (sdk::character_count(doc_number, sdk::CharacterUnit::utf16) > kMaxDocNumberLength) {
        throw faults::business_validation(
            "You cannot enter more than 21 characters in the doc_num field (DocNumber \"" +
            doc_number + "\").");
    }
    if (doc_number.empty() && previous == nullptr && !custom_numbers) {
        doc_number = ledger.allocate_doc_number();
        body["DocNumber"] = doc_number;
    }
    if (!doc_number.empty() && custom_numbers) {
        const std::string own_id = string_member(body, "Id");
        ledger.for_each(kind.name, [&](const StoredEntity& other) {
            if (string_member(other.body, "Id") != own_id &&
                string_member(other.body, "DocNumber") == doc_number) {
                throw faults::duplicate_doc_number(doc_number, kind.name,
                                                   string_member(other.body, "Id"));
            }
        });
    }

    require_date(body, "TxnDate");
    default_member(body, "TxnDate", company_date(ledger.now_ms()));
    if (kind.name == "Invoice" || kind.name == "Estimate") {
        if (body.contains("SalesTermRef"))
            resolve_reference(ledger, body, "SalesTermRef", "Term");
        require_date(body, "DueDate");
        if (!body.contains("DueDate") || body.at("DueDate").is_null()) {
            body["DueDate"] =
                add_days(body["TxnDate"].get<std::string>(), due_days(ledger, body, customer));
        }
    }
    if (kind.name == "RefundReceipt" || kind.name == "SalesReceipt") {
        if (kind.name == "RefundReceipt" ||
            (body.contains("DepositToAccountRef") && !body.at("DepositToAccountRef").is_null())) {
            resolve_reference(ledger, body, "DepositToAccountRef", "Account",
                              "DepositToAccountRef");
        } else if (const StoredEntity* undeposited =
                       ledger.find_by("Account", "AccountSubType", "UndepositedFunds")) {
            body["DepositToAccountRef"] = {{"value", string_member(undeposited->body, "Id")},
                                           {"name", string_member(undeposited->body, "Name")}};
        }
    }
    if (body.contains("PaymentMethodRef"))
        resolve_reference(ledger, body, "PaymentMethodRef", "PaymentMethod");

    // Addresses come from the customer when the transaction has none.
    if (customer != nullptr) {
        if (!body.contains("BillAddr") && customer->body.contains("BillAddr"))
            body["BillAddr"] = customer->body["BillAddr"];
        if (!body.contains("ShipAddr")) {
            if (customer->body.contains("ShipAddr")) {
                body["ShipAddr"] = customer->body["ShipAddr"];
            } else if (customer->body.contains("BillAddr")) {
                body["ShipAddr"] = customer->body["BillAddr"];
            }
        }
    }

    // Lines: references resolved, the discount account defaulted, then the arithmetic.
    const SalesTaxPlan tax = tax_plan_for(ledger, body);
    // Lines of a non-taxable customer default to NON whatever the item says.
    const bool taxable_customer =
        customer == nullptr || flag_member(customer->body, "Taxable", true);
    const bool default_taxable = tax.using_sales_tax && taxable_customer;
    if (body.at("Line").is_array()) {
        for (auto& line : body["Line"]) {
            if (!line.is_object())
                continue;
            resolve_sales_line(ledger, line, default_taxable);
            if (string_member(line, "DetailType") == "GroupLineDetail" &&
                line.contains("GroupLineDetail") && line["GroupLineDetail"].is_object()) {
                auto& group = line["GroupLineDetail"];
                if (group.contains("GroupItemRef"))
                    resolve_reference(ledger, group, "GroupItemRef", "Item");
                if (group.contains("Line") && group["Line"].is_array()) {
                    for (auto& inner : group["Line"]) {
                        if (inner.is_object())
                            resolve_sales_line(ledger, inner, default_taxable);
                    }
                }
            }
            if (string_member(line, "DetailType") == "DiscountLineDetail") {
                if (!line.contains("DiscountLineDetail") ||
                    !line["DiscountLineDetail"].is_object()) {
                    line["DiscountLineDetail"] = nlohmann::json::object();
                }
                auto& detail = line["DiscountLineDetail"];
                if (detail.contains("DiscountAccountRef") &&
                    !detail.at("DiscountAccountRef").is_null()) {
                    resolve_reference(ledger, detail, "DiscountAccountRef", "Account");
                } else if (const StoredEntity* given = ledger.find_by("Account", "AccountSubType",
                                                                      "DiscountsRefundsGiven")) {
                    detail["DiscountAccountRef"] = {{"value", string_member(given->body, "Id")},
                                                    {"name", string_member(given->body, "Name")}};
                }
            }
        }
    }
    std::set<std::string> existing_line_ids;
    if (previous != nullptr && previous->contains("Line") && previous->at("Line").is_array()) {
        for (const auto& line : previous->at("Line")) {
            const std::string id = string_member(line, "Id");
            if (!id.empty())
                existing_line_ids.insert(id);
        }
    }
    const SalesFormTotals totals = compute_sales_form(body, tax, existing_line_ids);
    if (multicurrency_enabled(ledger) && currency != home) {
        body["HomeTotalAmt"] =
            money_json(totals.total * decimal_member(body, "ExchangeRate", Decimal(1)));
    } else {
        body.erase("HomeTotalAmt");
        body.erase("HomeBalance");
    }

    apply_custom_fields(ledger, body);
    default_member(body, "ApplyTaxAfterDiscount", false);
    if (kind.name == "Invoice" || kind.name == "CreditMemo" || kind.name == "RefundReceipt") {
        default_member(body, "PrintStatus", "NeedToPrint");
    } else {
        default_member(body, "PrintStatus", "NotSet");
    }
    if (kind.name != "RefundReceipt")
        default_member(body, "EmailStatus", "NotSet");
    if (string_member(body, "EmailStatus") == "NeedToSend" &&
        string_member(member_or_empty(body, "BillEmail"), "Address").empty()) {
        throw faults::business_validation("EmailStatus NeedToSend requires BillEmail.Address.");
    }
    if (kind.name == "Invoice") {
        default_member(body, "Deposit", "0");
        for (const char* flag : {"AllowIPNPayment", "AllowOnlinePayment",
                                 "AllowOnlineCreditCardPayment", "AllowOnlineACHPayment"}) {
            default_member(body, flag, false);
        }
    }
    if (kind.name == "RefundReceipt" && string_member(body, "PrintStatus") == "NeedToPrint") {
        default_member(body, "PaymentRefNum", "To Print");
    }
    if (kind.name == "Estimate")
        default_member(body, "TxnStatus", "Pending");
    if (kind.name == "Invoice" || kind.name == "CreditMemo") {
        compute_open_balance(ledger, kind.name, body);
    } else if (kind.name != "Estimate") {
        body["Balance"] = "0";
    }
}

void apply_purchase_rules(Ledger& ledger, nlohmann::json& body, const nlohmann::json* previous) {
    const std::string payment_type = string_member(body, "PaymentType");
    if (payment_type.empty())
        throw faults::required_param_missing("PaymentType");
    static const char* kTypes[] = {"Cash", "Check", "CreditCard"};
    if (std::none_of(std::begin(kTypes), std::end(kTypes),
                     [&](const char* t) { return payment_type == t; })) {
        throw QboFault(400, "ValidationFault",
                       {{"2170", "Invalid Enumeration", "Invalid Enumeration : " + payment_type,
                         "PaymentType"}});
    }
    const StoredEntity* account =
        resolve_reference(ledger, body, "AccountRef", "Account", "AccountRef");
    const std::string account_type = string_member(account->body, "AccountType");
    const bool card = payment_type == "CreditCard";
    if (card ? account_type != "Credit Card"
             : account_type != "Bank" && account_type != "Other Current Asset") {
        throw faults::business_validation(
            "AccountRef " + string_member(account->body, "Id") + " (" + account_type +
            ") does not match PaymentType " + payment_type +
            ": use a bank account for Cash and Check, a credit card account for CreditCard.");
    }
    if (body.contains("EntityRef") && !body.at("EntityRef").is_null()) {
        std::string type = "Vendor";
        if (!string_member(body["EntityRef"], "type").empty())
            type = string_member(body["EntityRef"], "type");
        if (type != "Vendor" && type != "Customer" && type != "Employee") {
            throw faults::invalid_property("EntityRef.type",
                                           "must be Vendor, Customer or Employee");
        }
        resolve_reference(ledger, body, "EntityRef", type);
        body["EntityRef"]["type"] = type;
    }
    if (body.contains("Line") && body.at("Line").is_array()) {
        for (auto& line : body["Line"]) {
            if (!line.is_object())
                continue;
            const std::string type = string_member(line, "DetailType");
            if (type == "AccountBasedExpenseLineDetail" && line.contains(type)) {
                resolve_reference(ledger, line[type], "AccountRef", "Account",
                                  "Line.AccountBasedExpenseLineDetail.AccountRef");
                if (line[type].contains("CustomerRef"))
                    resolve_reference(ledger, line[type], "CustomerRef", "Customer");
                default_member(line[type], "BillableStatus", "NotBillable");
            } else if (type == "AccountBasedExpenseLineDetail") {
                throw faults::required_param_missing(
                    "Line.AccountBasedExpenseLineDetail.AccountRef");
            } else if (type == "ItemBasedExpenseLineDetail" && line.contains(type)) {
                resolve_reference(ledger, line[type], "ItemRef", "Item",
                                  "Line.ItemBasedExpenseLineDetail.ItemRef");
                default_member(line[type], "BillableStatus", "NotBillable");
            }
        }
    }
    compute_purchase(body, line_ids_of(previous));
    require_date(body, "TxnDate");
    default_member(body, "TxnDate", company_date(ledger.now_ms()));
    if (card)
        default_member(body, "Credit", false);
    default_member(body, "PrintStatus", "NotSet");
    if (!body.contains("CurrencyRef"))
        body["CurrencyRef"] = currency_ref(home_currency(ledger));
}

namespace {

/// Account types money can be moved between: balance-sheet accounts (not income or expense).
bool is_balance_sheet(const std::string& account_type) {
    static const char* kTypes[] = {"Bank", "Other Current Asset", "Fixed Asset", "Other Asset",
                                   "Credit Card", "Other Current Liability", "Long Term Liability",
                                   "Equity", "Accounts Receivable", "Accounts Payable"};
    return std::any_of(std::begin(kTypes), std::end(kTypes),
                       [&](const char* t) { return account_type == t; });
}

/// A money member that must be present and positive, rounded to cents.
Decimal positive_amount(nlohmann::json& object, const std::string& member, const std::string& what) {
    if (!object.contains(member) || object.at(member).is_null())
        throw faults::required_param_missing(what);
    const Decimal amount = round_money(decimal_member(object, member));
    if (amount.sign() <= 0)
        throw faults::business_validation(what + " must be greater than 0, not " + amount.to_string() + ".");
    object[member] = money_json(amount);
    return amount;
}

void default_transaction_members(Ledger& ledger, nlohmann::json& body) {
    require_date(body, "TxnDate");
    default_member(body, "TxnDate", company_date(ledger.now_ms()));
    if (!body.contains("CurrencyRef"))
        body["CurrencyRef"] = currency_ref(home_currency(ledger));
}

}  // namespace

void apply_transfer_rules(Ledger& ledger, nlohmann::json& body) {
    const StoredEntity* from = resolve_reference(ledger, body, "FromAccountRef", "Account", "FromAccountRef");
    const StoredEntity* to = resolve_reference(ledger, body, "ToAccountRef", "Account", "ToAccountRef");
    if (string_member(from->body, "Id") == string_member(to->body, "Id")) {
        throw faults::business_validation("FromAccountRef and ToAccountRef are the same account " +
                                          string_member(from->body, "Id") + "; a transfer moves money between two accounts.");
    }
    for (const StoredEntity* account : {from, to}) {
        const std::string type = string_member(account->body, "AccountType");
        if (!is_balance_sheet(type)) {
            throw faults::business_validation("Account " + string_member(account->body, "Id") + " (" + type +
                                              ") cannot take part in a transfer: transfers are between balance sheet accounts.");
        }
    }
    positive_amount(body, "Amount", "Amount");
    default_transaction_members(ledger, body);
}

void apply_deposit_rules(Ledger& ledger, nlohmann::json& body, const nlohmann::json* previous) {
    const StoredEntity* account =
        resolve_reference(ledger, body, "DepositToAccountRef", "Account", "DepositToAccountRef");
    const std::string type = string_member(account->body, "AccountType");
    if (type != "Bank" && type != "Other Current Asset") {
        throw faults::business_validation("DepositToAccountRef " + string_member(account->body, "Id") + " (" + type +
                                          ") is not a bank or other current asset account.");
    }
    if (body.contains("Line") && body.at("Line").is_array()) {
        for (auto& line : body["Line"]) {
            if (line.is_object() && line.contains("DepositLineDetail")) {
                resolve_reference(ledger, line["DepositLineDetail"], "AccountRef", "Account",
                                  "Line.DepositLineDetail.AccountRef");
            }
        }
    }
    compute_deposit(body, line_ids_of(previous));
    default_transaction_members(ledger, body);
}

void apply_preferences_rules(nlohmann::json& body, const nlohmann::json* previous) {
    if (previous != nullptr &&
        flag_member(member_or_empty(*previous, "CurrencyPrefs"), "MultiCurrencyEnabled", false) &&
        !flag_member(member_or_empty(body, "CurrencyPrefs"), "MultiCurrencyEnabled", true)) {
        throw faults::business_validation("Multicurrency cannot be turned off once it is enabled.");
    }
}

}  // namespace ledgersync::sandbox::qbo
