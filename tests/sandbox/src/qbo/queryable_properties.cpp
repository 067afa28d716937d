#include "qbo/queryable_properties.hpp"

#include <vector>

#include "qbo/entity_kind.hpp"
#include "qbo/qbo_fault.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

struct QueryableEntity {
    std::string_view name;
    /// Id and MetaData.CreateTime / MetaData.LastUpdatedTime, filterable on every entity with
    /// an Id (Intuit's entity references; "Metadata.LastUpdatedTime" in its query examples).
    bool common = true;
    std::vector<std::string_view> filterable;
};

// The attributes Intuit's API reference marks "filterable" (developer.intuit.com, Accounting
// API, all entities; Customer, Invoice, Payment, ExchangeRate read in full, the others from
// the reference's summaries), plus TotalAmt of the sales transactions, which Intuit's query
// examples filter on ("SELECT * FROM Invoice WHERE TotalAmt > '1000.0'"). Vendor's list
// leaves out what ruckus/quickbooks-ruby#403 found refused (PrimaryEmailAddr, Balance, AcctNum).
const std::vector<QueryableEntity>& entities() {
    static const std::vector<QueryableEntity> table = {
        {"Customer",
         true,
         {"DisplayName", "GivenName", "MiddleName", "FamilyName", "FullyQualifiedName",
          "PrimaryEmailAddr", "Active", "CompanyName", "Balance", "PrintOnCheckName"}},
        {"Vendor",
         true,
         {"DisplayName", "GivenName", "MiddleName", "FamilyName", "Suffix", "CompanyName",
          "PrintOnCheckName", "Active"}},
        {"Employee",
         true,
         {"DisplayName", "GivenName", "MiddleName", "FamilyName", "Suffix", "PrintOnCheckName",
          "Active"}},
        {"Item", true, {"Name", "Type", "Taxable", "Active", "FullyQualifiedName", "SubItem"}},
        {"Account",
         true,
         {"Name", "SubAccount", "Active", "Classification", "AccountType", "AccountSubType",
          "FullyQualifiedName", "CurrentBalance", "CurrentBalanceWithSubAccounts"}},
        {"Term", true, {"Name", "Active"}},
        {"PaymentMethod", true, {"Name", "Active"}},
        {"TaxCode", true, {"Name", "Active", "Description"}},
        {"TaxRate", true, {"Name", "Active", "Description", "AgencyRef", "TaxReturnLineRef"}},
        {"Invoice",
         true,
         {"CustomerRef", "DocNumber", "ProjectRef", "TxnDate", "SalesTermRef", "DueDate", "Balance",
          "TotalAmt"}},
        {"CreditMemo",
         true,
         {"CustomerRef", "ProjectRef", "TxnDate", "SalesTermRef", "DocNumber", "Balance",
          "TotalAmt"}},
        {"RefundReceipt",
         true,
         {"CustomerRef", "ProjectRef", "TxnDate", "DocNumber", "PaymentType", "CheckPayment",
          "CreditCardPayment", "Balance", "TotalAmt"}},
        {"SalesReceipt",
         true,
         {"CustomerRef", "ProjectRef", "TxnDate", "DocNumber", "TotalAmt", "Balance"}},
        {"Estimate",
         true,
         {"CustomerRef", "ProjectRef", "TxnDate", "DueDate", "DocNumber", "ExpirationDate",
          "AcceptedDate", "TotalAmt"}},
        {"Payment",
         true,
         {"TotalAmt", "CustomerRef", "TxnDate", "PaymentMethodRef", "PaymentRefNum"}},
        {"Purchase", true, {"DocNumber", "TxnDate", "TotalAmt", "PaymentType"}},
        {"Deposit", true, {"TxnDate", "TotalAmt"}},
        {"Transfer", true, {"TxnDate", "Amount"}},
        {"Preferences", true, {}},
        {"CompanyInfo", true, {}},
        // No Id: an exchange rate is named by its currency and date.
        {"ExchangeRate", false, {"SourceCurrencyCode", "AsOfDate", "MetaData.LastUpdatedTime"}},
    };
    return table;
}

const QueryableEntity* find_entity(std::string_view name) {
    for (const auto& entity : entities()) {
        if (equals_ignore_case(entity.name, name))
            return &entity;
    }
    return nullptr;
}

}  // namespace

std::string queryable_entity(std::string_view name) {
    const QueryableEntity* entity = find_entity(name);
    return entity == nullptr ? std::string() : std::string(entity->name);
}

void check_filterable(std::string_view entity, std::string_view property) {
    const QueryableEntity* found = find_entity(entity);
    if (found != nullptr) {
        if (found->common) {
            for (const std::string_view common :
                 {"Id", "MetaData.CreateTime", "MetaData.LastUpdatedTime"}) {
                if (equals_ignore_case(common, property))
                    return;
            }
        }
        for (const std::string_view name : found->filterable) {
            if (equals_ignore_case(name, property))
                return;
        }
    }
    throw faults::invalid_query("QueryValidationError: property '" + std::string(property) +
                                "' is not queryable");
}

}  // namespace ledgersync::sandbox::qbo
