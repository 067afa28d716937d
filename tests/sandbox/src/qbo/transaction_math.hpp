#pragma once
/// The arithmetic of QBO transactions, exact (sdk::Decimal, cents rounded half up): line
/// amounts against Qty x UnitPrice, the subtotal, the single transaction discount, sales tax,
/// TotalAmt. Pure functions on the transaction JSON; the Ledger resolves references first.

#include <set>
#include <string>
#include <vector>

#include <ledgersync/sdk/decimal.hpp>
#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::qbo {

/// One component rate of the transaction's tax code.
struct TaxRateShare {
    std::string rate_id;
    sdk::Decimal percent;  ///< 8 means 8%
};

struct SalesTaxPlan {
    /// Preferences.TaxPrefs.UsingSalesTax: when false TxnTaxDetail is ignored (RR ref).
    bool using_sales_tax = false;
    /// The rates of TxnTaxDetail.TxnTaxCodeRef; empty when none was given or it has none.
    std::vector<TaxRateShare> rates;
};

struct SalesFormTotals {
    sdk::Decimal subtotal;
    sdk::Decimal discount;
    sdk::Decimal total_tax;
    sdk::Decimal total;
};

/// Checks and completes the Line array of a sales form (Invoice, CreditMemo, RefundReceipt,
/// SalesReceipt, Estimate) in place: item line amounts must equal Qty x UnitPrice (6000),
/// at most one DiscountLineDetail (6000), client SubTotalLineDetail lines are dropped and one
/// is appended after the item lines, line Ids and LineNum are assigned (ids in
/// `existing_line_ids` are kept, the others numbered after them), the discount is computed
/// when percent-based, TxnTaxDetail is recomputed from `tax`, and TotalAmt is written.
SalesFormTotals compute_sales_form(nlohmann::json& txn, const SalesTaxPlan& tax,
                                   const std::set<std::string>& existing_line_ids);

/// The same for Purchase lines (AccountBasedExpenseLineDetail, ItemBasedExpenseLineDetail):
/// checks item lines, numbers lines, writes TotalAmt = sum of lines; returns it.
sdk::Decimal compute_purchase(nlohmann::json& txn, const std::set<std::string>& existing_line_ids);

/// The same for Deposit lines (DepositLineDetail only, each Amount > 0): numbers lines, writes
/// TotalAmt = sum of lines; returns it.
sdk::Decimal compute_deposit(nlohmann::json& txn, const std::set<std::string>& existing_line_ids);

/// Zeroes a transaction the way QBO voids it: line amounts and quantities 0, no UnitPrice, no
/// subtotal line, tax 0, TotalAmt and Balance 0, "Voided" before PrivateNote.
void zero_for_void(nlohmann::json& txn);

}  // namespace ledgersync::sandbox::qbo
