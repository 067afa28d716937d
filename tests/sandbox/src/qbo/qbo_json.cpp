#include "qbo/qbo_json.hpp"

#include <set>

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/json_writer.hpp>

#include "qbo/qbo_fault.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

// Every element name the QBO XSDs (shared/specs/qbo/xsd, Finance.xsd and IntuitBaseTypes.xsd)
// declare with type xs:decimal. A model test re-reads the XSDs and checks this list against
// them. Two names are ambiguous there and handled by context below: "Value" (decimal only in
// MarkupInfo, a string in NameValue) and "DefaultValue" (decimal for number custom-field
// definitions, boolean otherwise).
const std::set<std::string, std::less<>>& decimal_names() {
    static const std::set<std::string, std::less<>> names = {"AbatementRate",
                                                             "AgencyPaymentAmount",
                                                             "Amount",
                                                             "AnnualInterestRate",
                                                             "AvgCost",
                                                             "Balance",
                                                             "BalanceWithJobs",
                                                             "BillRate",
                                                             "BookValue",
                                                             "BuildPoint",
                                                             "ConvRatio",
                                                             "ConvenienceFeePercent",
                                                             "CostAmount",
                                                             "CostBasis",
                                                             "CostRate",
                                                             "CreditLimit",
                                                             "CurrentBalance",
                                                             "CurrentBalanceWithSubAccounts",
                                                             "CustomPrice",
                                                             "CustomPricePercent",
                                                             "DefaultMarkup",
                                                             "Deposit",
                                                             "Depreciation",
                                                             "DiscountAmt",
                                                             "DiscountPercent",
                                                             "DiscountRate",
                                                             "ExchangeRate",
                                                             "FixedPercentage",
                                                             "FlatRateSavingsAmountDue",
                                                             "HomeBalance",
                                                             "HomeCostAmount",
                                                             "HomeTotalAmt",
                                                             "HomeTotalCostAmount",
                                                             "HourlyRate",
                                                             "LastBankBalance",
                                                             "LessCIS",
                                                             "MaxValue",
                                                             "MinFinChrg",
                                                             "MinValue",
                                                             "NetAmountTaxable",
                                                             "NetTaxAmountDue",
                                                             "NewQty",
                                                             "NumberValue",
                                                             "OpenQty",
                                                             "OpeningBalance",
                                                             "OverDueBalance",
                                                             "OverrideDeltaAmount",
                                                             "PayGWithheldAmount",
                                                             "PaymentAmount",
                                                             "Percent",
                                                             "PurchaseCost",
                                                             "Qty",
                                                             "QtyDiff",
                                                             "QtyOnHand",
                                                             "QtyOnPurchaseOrder",
                                                             "QtyOnSalesOrder",
                                                             "Quantity",
                                                             "Rate",
                                                             "RatePercent",
                                                             "RateValue",
                                                             "Received",
                                                             "RemainingCredit",
                                                             "ReorderPoint",
                                                             "RetainageAmount",
                                                             "RetainageOpenBalance",
                                                             "ReverseChargeRate",
                                                             "SalesExpense",
                                                             "SalesPrice",
                                                             "TaxAmount",
                                                             "TaxInclusiveAmount",
                                                             "TaxInclusiveAmt",
                                                             "TaxPercent",
                                                             "TotalAmt",
                                                             "TotalCostAmount",
                                                             "TotalExpense",
                                                             "TotalRevenue",
                                                             "TotalTax",
                                                             "UnappliedAmt",
                                                             "UnitCostPrice",
                                                             "UnitPrice"};
    return names;
}

// Boolean members (xs:boolean in the XSDs) whose value the sandbox's rules read.
bool is_checked_boolean(std::string_view key) {
    static const std::set<std::string, std::less<>> names = {"Active",
                                                             "Taxable",
                                                             "PercentBased",
                                                             "ApplyTaxAfterDiscount",
                                                             "CustomTxnNumbers",
                                                             "MultiCurrencyEnabled",
                                                             "UsingSalesTax",
                                                             "BooleanValue",
                                                             "Credit",
                                                             "ProcessPayment",
                                                             "Job",
                                                             "BillWithParent",
                                                             "AllowIPNPayment",
                                                             "AllowOnlinePayment",
                                                             "AllowOnlineCreditCardPayment",
                                                             "AllowOnlineACHPayment",
                                                             "TrackQtyOnHand",
                                                             "SubAccount",
                                                             "sparse"};
    return names.count(key) > 0;
}

bool holds_number(const nlohmann::json& value) {
    if (value.is_number_integer() || value.is_number_unsigned())
        return true;
    if (!value.is_string())
        return false;
    try {
        (void)sdk::Decimal::parse(value.get_ref<const std::string&>());
        return true;
    } catch (const sdk::DecimalError&) {
        return false;
    }
}

void check_members(const nlohmann::json& value, std::string_view parent) {
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            const auto& member = it.value();
            if (is_decimal_member(parent, it.key()) && !member.is_null() && !member.is_object() &&
                !member.is_array()) {
                if (!holds_number(member)) {
                    throw faults::invalid_property(
                        it.key(), "Cannot deserialize value of type `java.math.BigDecimal` from " +
                                      std::string(member.type_name()) + " " + member.dump());
                }
            }
            if (is_checked_boolean(it.key()) && !member.is_null() && !member.is_boolean()) {
                throw faults::invalid_property(
                    it.key(), "Cannot deserialize value of type `boolean` from " +
                                  std::string(member.type_name()) + " " + member.dump());
            }
            if (member.is_structured())
                check_members(member, it.key());
        }
    } else if (value.is_array()) {
        for (const auto& element : value)
            check_members(element, parent);
    }
}

}  // namespace

bool is_decimal_member(std::string_view parent, std::string_view key) {
    if (key == "Value")
        return parent == "MarkupInfo";
    if (key == "DefaultValue")
        return false;  // only number custom-field definitions, not served here
    return decimal_names().count(key) > 0;
}

std::string render(const nlohmann::json& value) {
    sdk::JsonWriteOptions options;
    options.number_members = &is_decimal_member;
    options.invalid_utf8 = sdk::InvalidUtf8::replace;
    return sdk::write_json_exact(value, options);
}

nlohmann::json parse_request_body(std::string_view text) {
    nlohmann::json body;
    try {
        body = sdk::parse_json_exact(text);
    } catch (const sdk::JsonParseError& e) {
        throw faults::invalid_property(
            "body", std::string("Unable to parse the request body as JSON: ") + e.what());
    }
    if (!body.is_object())
        throw faults::invalid_property("body", "The request body must be a JSON object");
    check_member_types(body);
    return body;
}

void check_member_types(const nlohmann::json& value) {
    check_members(value, {});
}

bool flag_member(const nlohmann::json& object, std::string_view key, bool fallback) {
    if (!object.is_object())
        return fallback;
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

sdk::Decimal decimal_member(const nlohmann::json& object, std::string_view key,
                            sdk::Decimal fallback) {
    if (!object.is_object())
        return fallback;
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return fallback;
    try {
        return sdk::Decimal::from_json(*it);
    } catch (const sdk::DecimalError& e) {
        throw faults::invalid_property(std::string(key), e.what());
    }
}

sdk::Decimal round_money(const sdk::Decimal& amount) {
    return amount.rounded(2, sdk::RoundingMode::half_up);
}

nlohmann::json money_json(const sdk::Decimal& amount) {
    const sdk::Decimal cents = round_money(amount).normalized();
    if (cents.is_zero())
        return "0";
    // QBO writes whole amounts with one fraction digit ("100.0") and others as they are.
    return cents.scale() == 0 ? cents.to_string() + ".0" : cents.to_string();
}

std::string string_member(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string reference_value(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    if (it == object.end())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_object()) {
        const auto value = it->find("value");
        if (value != it->end() && value->is_string())
            return value->get<std::string>();
        if (value != it->end() && value->is_number_integer())
            return std::to_string(value->get<std::int64_t>());
    }
    return {};
}

}  // namespace ledgersync::sandbox::qbo
