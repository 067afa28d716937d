#include "qbo/company_seed.hpp"

#include <stdexcept>

#include "qbo/entity_kind.hpp"
#include "qbo/ledger.hpp"
#include "qbo/qbo_json.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

nlohmann::json preferences(const nlohmann::json& options) {
    const bool multicurrency = options.value("multicurrency", false);
    const std::string home = options.value("home_currency", std::string("USD"));
    const nlohmann::json definitions =
        options.value("custom_fields", nlohmann::json::array({"Crew #"}));
    if (!definitions.is_array() || definitions.size() > 3) {
        throw std::invalid_argument(
            "\"custom_fields\" must be an array of at most 3 names (QBO's limit)");
    }
    nlohmann::json use_flags = nlohmann::json::array();
    nlohmann::json names = nlohmann::json::array();
    for (std::size_t n = 1; n <= 3; ++n) {
        const bool used = n <= definitions.size();
        use_flags.push_back({{"Name", "SalesFormsPrefs.UseSalesCustom" + std::to_string(n)},
                             {"Type", "BooleanType"},
                             {"BooleanValue", used}});
        if (!used)
            continue;
        if (!definitions[n - 1].is_string())
            throw std::invalid_argument("\"custom_fields\" must hold names");
        names.push_back({{"Name", "SalesFormsPrefs.SalesCustomName" + std::to_string(n)},
                         {"Type", "StringType"},
                         {"StringValue", definitions[n - 1]}});
    }
    return {{"Id", "1"},
            {"AccountingInfoPrefs",
             {{"TrackDepartments", false},
              {"ClassTrackingPerTxn", false},
              {"CustomerTerminology", "Customers"},
              {"FirstMonthOfFiscalYear", "January"},
              {"UseAccountNumbers", false}}},
            {"ProductAndServicesPrefs",
             {{"ForSales", true},
              {"ForPurchase", true},
              {"QuantityWithPriceAndRate", true},
              {"QuantityOnHand", true}}},
            {"SalesFormsPrefs",
             {{"CustomField", {{{"CustomField", use_flags}}, {{"CustomField", names}}}},
              {"CustomTxnNumbers", options.value("custom_txn_numbers", false)},
              {"AllowDeposit", true},
              {"AllowDiscount", true},
              {"AllowEstimates", true},
              {"AllowShipping", false},
              {"DefaultTerms", {{"value", "3"}}},
              {"AutoApplyCredit", true},
              {"AutoApplyPayments", true},
              {"ETransactionEnabledStatus", "NotApplicable"}}},
            {"VendorAndPurchasesPrefs",
             {{"TrackingByCustomer", true}, {"BillableExpenseTracking", true}}},
            {"TaxPrefs",
             {{"UsingSalesTax", options.value("sales_tax", true)}, {"PartnerTaxEnabled", false}}},
            {"CurrencyPrefs",
             {{"MultiCurrencyEnabled", multicurrency}, {"HomeCurrency", {{"value", home}}}}},
            {"OtherPrefs", {{"NameValue", nlohmann::json::array()}}}};
}

nlohmann::json company_info(const std::string& realm_id, const std::string& name) {
    const nlohmann::json address = {{"Line1", "123 Sierra Way"},
                                    {"City", "San Pablo"},
                                    {"CountrySubDivisionCode", "CA"},
                                    {"PostalCode", "87999"}};
    return {{"Id", "1"},
            {"CompanyName", name},
            {"LegalName", name},
            {"CompanyAddr", address},
            {"CustomerCommunicationAddr", address},
            {"LegalAddr", address},
            {"PrimaryPhone", {{"FreeFormNumber", "4081234567"}}},
            {"Email", {{"Address", "noreply@quickbooks.com"}}},
            {"CompanyStartDate", "2024-01-01"},
            {"FiscalYearStartMonth", "January"},
            {"Country", "US"},
            {"SupportedLanguages", "en"},
            {"DefaultTimeZone", "America/Los_Angeles"},
            {"NameValue",
             {{{"Name", "NeoEnabled"}, {"Value", "true"}},
              {{"Name", "SubscriptionStatus"}, {"Value", "PAID"}},
              {{"Name", "OfferingSku"}, {"Value", "QuickBooks Online Plus"}},
              {{"Name", "RealmId"}, {"Value", realm_id}}}}};
}

// Kinds in the order their references need: lists first, then transactions.
const char* const kCreationOrder[] = {"Account",  "Term",          "PaymentMethod", "TaxRate",
                                      "TaxCode",  "Item",          "Customer",      "Vendor",
                                      "Employee", "Invoice",       "CreditMemo",    "SalesReceipt",
                                      "Estimate", "RefundReceipt", "Payment",       "Purchase",
                                      "Deposit",  "Transfer"};

void create_all(Ledger& ledger, const nlohmann::json& entities, nlohmann::json& created, bool raw) {
    if (!entities.is_object())
        throw std::invalid_argument("entities must be an object keyed by entity name");
    for (auto it = entities.begin(); it != entities.end(); ++it) {
        if (find_kind_by_name(it.key()) == nullptr)
            throw std::invalid_argument("unknown entity \"" + it.key() + "\"");
        if (!it->is_array())
            throw std::invalid_argument("\"" + it.key() + "\" must be an array of entities");
    }
    const auto visit = [&](const EntityKind& k) {
        for (auto it = entities.begin(); it != entities.end(); ++it) {
            if (!equals_ignore_case(it.key(), k.name))
                continue;
            for (const auto& body : *it) {
                if (!body.is_object())
                    throw std::invalid_argument("each \"" + k.name + "\" must be an object");
                nlohmann::json stored;
                if (raw) {
                    stored = ledger.import(k, body);
                } else {
                    check_member_types(body);
                    stored = ledger.create(k, body, string_member(body, "Id"));
                }
                created[k.name].push_back(stored.at("Id"));
            }
        }
    };
    for (const char* name : kCreationOrder)
        visit(kind(name));
    for (const auto& k : all_entity_kinds()) {
        bool listed = false;
        for (const char* name : kCreationOrder)
            listed = listed || k.name == name;
        if (!listed)
            visit(k);
    }
}

nlohmann::json default_entities(bool with_customers) {
    const auto account = [](const char* id, const char* name, const char* type,
                            const char* subtype) {
        return nlohmann::json{
            {"Id", id}, {"Name", name}, {"AccountType", type}, {"AccountSubType", subtype}};
    };
    const auto service = [](const char* id, const char* name, const char* price, bool taxable,
                            const char* income) {
        return nlohmann::json{{"Id", id},           {"Name", name},
                              {"Type", "Service"},  {"UnitPrice", price},
                              {"Taxable", taxable}, {"IncomeAccountRef", {{"value", income}}}};
    };
    nlohmann::json rate_detail = {{"TaxRateRef", {{"value", "3"}, {"name", "California"}}},
                                  {"TaxTypeApplicable", "TaxOnAmount"},
                                  {"TaxOrder", 0}};
    nlohmann::json tax_code = {
        {"Id", "2"},
        {"Name", "California"},
        {"Taxable", true},
        {"TaxGroup", false},
        {"SalesTaxRateList", {{"TaxRateDetail", nlohmann::json::array({rate_detail})}}}};
    nlohmann::json entities = {
        {"Account",
         {account("1", "Services", "Income", "ServiceFeeIncome"),
          account("4", "Undeposited Funds", "Other Current Asset", "UndepositedFunds"),
          account("35", "Checking", "Bank", "Checking"),
          account("36", "Savings", "Bank", "Savings"),
          account("41", "Mastercard", "Credit Card", "CreditCard"),
          account("54", "Discounts given", "Income", "DiscountsRefundsGiven"),
          account("79", "Sales of Product Income", "Income", "SalesOfProductIncome"),
          account("80", "Cost of Goods Sold", "Cost of Goods Sold", "SuppliesMaterialsCogs"),
          account("81", "Inventory Asset", "Other Current Asset", "Inventory"),
          account("84", "Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable"),
          account("89", "Board of Equalization Payable", "Other Current Liability",
                  "SalesTaxPayable"),
          account("90", "Merchant Fees", "Expense", "BankCharges"),
          account("91", "Stripe Clearing", "Bank", "Checking")}},
        {"Term",
         {{{"Id", "1"}, {"Name", "Due on receipt"}, {"DueDays", 0}},
          {{"Id", "2"}, {"Name", "Net 15"}, {"DueDays", 15}},
          {{"Id", "3"}, {"Name", "Net 30"}, {"DueDays", 30}},
          {{"Id", "4"}, {"Name", "Net 60"}, {"DueDays", 60}}}},
        {"PaymentMethod",
         {{{"Id", "1"}, {"Name", "Cash"}},
          {{"Id", "2"}, {"Name", "Check"}},
          {{"Id", "3"}, {"Name", "Visa"}, {"Type", "CREDIT_CARD"}},
          {{"Id", "4"}, {"Name", "MasterCard"}, {"Type", "CREDIT_CARD"}},
          {{"Id", "5"}, {"Name", "American Express"}, {"Type", "CREDIT_CARD"}}}},
        {"TaxRate",
         {{{"Id", "3"}, {"Name", "California"}, {"RateValue", "8"}, {"Description", "Sales Tax"}}}},
        {"TaxCode", nlohmann::json::array({tax_code})},
        {"Item",
         {service("1", "Services", "0", false, "1"), service("2", "Hours", "50", false, "1"),
          service("3", "Consulting", "150", true, "1"), service("4", "Design", "75", false, "1"),
          service("20", "Shipping", "0", false, "1"),
          service("21", "Sales Tax Collected", "0", false, "89"),
          service("22", "Card Surcharge", "0", false, "1"),
          service("23", "Late Fee", "0", false, "1")}},
        {"Vendor",
         {{{"Id", "1"}, {"DisplayName", "Stripe"}},
          {{"Id", "2"}, {"DisplayName", "HubSpot Payments"}}}}};
    if (with_customers) {
        entities["Customer"] = {
            {{"Id", "1"},
             {"DisplayName", "Amy's Bird Sanctuary"},
             {"GivenName", "Amy"},
             {"FamilyName", "Lauterbach"},
             {"CompanyName", "Amy's Bird Sanctuary"},
             {"PrimaryEmailAddr", {{"Address", "Birds@Intuit.com"}}},
             {"BillAddr",
              {{"Line1", "4581 Finch St."},
               {"City", "Bayshore"},
               {"CountrySubDivisionCode", "CA"},
               {"PostalCode", "94326"}}}},
            {{"Id", "3"},
             {"DisplayName", "Cool Cars"},
             {"CompanyName", "Cool Cars"},
             {"BillAddr",
              {{"Line1", "65 Ocean Dr."},
               {"City", "Half Moon Bay"},
               {"CountrySubDivisionCode", "CA"},
               {"PostalCode", "94213"}}}},
            {{"Id", "20"}, {"DisplayName", "Red Rock Diner"}, {"CompanyName", "Red Rock Diner"}}};
    }
    return entities;
}

}  // namespace

bool is_seed_option(const std::string& name) {
    static const char* kOptions[] = {
        "realm_id",           "company_name",    "customers", "multicurrency", "home_currency",
        "custom_txn_numbers", "custom_fields",   "sales_tax", "entities",      "import",
        "next_ids",           "next_doc_number", "tokens",    "client_id",     "defaults"};
    for (const char* option : kOptions) {
        if (name == option)
            return true;
    }
    return false;
}

nlohmann::json seed_company(Ledger& ledger, const nlohmann::json& options) {
    for (auto it = options.begin(); it != options.end(); ++it) {
        if (!is_seed_option(it.key()))
            throw std::invalid_argument("unknown seed option \"" + it.key() + "\"");
    }
    nlohmann::json created = nlohmann::json::object();
    if (options.value("defaults", true)) {
        ledger.import(kind("Preferences"), preferences(options));
        ledger.import(
            kind("CompanyInfo"),
            company_info(options.value("realm_id", std::string()),
                         options.value("company_name", std::string("Sandbox Company_US_1"))));
        create_all(ledger, default_entities(options.value("customers", false)), created, false);
    }
    if (options.contains("import"))
        create_all(ledger, options.at("import"), created, true);
    if (options.contains("entities"))
        create_all(ledger, options.at("entities"), created, false);
    if (options.contains("next_ids")) {
        const auto& next_ids = options.at("next_ids");
        if (!next_ids.is_object())
            throw std::invalid_argument("\"next_ids\" must be an object {\"Invoice\": 238}");
        for (auto it = next_ids.begin(); it != next_ids.end(); ++it) {
            const EntityKind* k = find_kind_by_name(it.key());
            if (k == nullptr || !it->is_number_integer())
                throw std::invalid_argument("bad \"next_ids\" member \"" + it.key() + "\"");
            ledger.raise_next_id(k->name, it->get<std::int64_t>());
        }
    }
    if (options.contains("next_doc_number")) {
        if (!options.at("next_doc_number").is_number_integer())
            throw std::invalid_argument("\"next_doc_number\" must be an integer");
        ledger.set_next_doc_number(options.at("next_doc_number").get<std::int64_t>());
    }
    return created;
}

}  // namespace ledgersync::sandbox::qbo
