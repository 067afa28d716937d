#pragma once
/// The business rules of each kind of entity, applied by the Ledger to a body about to be
/// stored (`previous` is the stored version on update, nullptr on create). Each rule completes
/// the defaults QBO fills, resolves references and checks what QBO checks, throwing a QboFault.

#include <nlohmann/json.hpp>

#include "qbo/entity_kind.hpp"

namespace ledgersync::sandbox::qbo {

class Ledger;

/// Customer, Vendor, Employee: DisplayName (derived when absent, unique across the three: 6240),
/// currency, balances.
void apply_person_rules(Ledger& ledger, const EntityKind& kind, nlohmann::json& body,
                        const nlohmann::json* previous);
/// Item: Name (unique: 6240), Type, income/expense/asset accounts.
void apply_item_rules(Ledger& ledger, nlohmann::json& body);
/// Account: Name (unique: 6240), AccountType (enumeration), Classification, AccountSubType.
void apply_account_rules(Ledger& ledger, nlohmann::json& body);
/// Term, PaymentMethod, TaxCode, TaxRate: a Name and Active.
void apply_simple_list_rules(Ledger& ledger, const EntityKind& kind, nlohmann::json& body);
/// Invoice, CreditMemo, RefundReceipt, SalesReceipt, Estimate.
void apply_sales_form_rules(Ledger& ledger, const EntityKind& kind, nlohmann::json& body,
                            const nlohmann::json* previous);
/// Purchase (expenses).
void apply_purchase_rules(Ledger& ledger, nlohmann::json& body, const nlohmann::json* previous);
/// Transfer: money moved between two balance-sheet accounts (FromAccountRef, ToAccountRef,
/// both existing and different), Amount > 0.
void apply_transfer_rules(Ledger& ledger, nlohmann::json& body);
/// Deposit: DepositToAccountRef (a bank or other current asset account) and DepositLineDetail
/// lines, each from an existing account with Amount > 0; TotalAmt is their sum.
void apply_deposit_rules(Ledger& ledger, nlohmann::json& body, const nlohmann::json* previous);
/// Preferences: MultiCurrencyEnabled cannot be turned off; at most 3 sales custom fields.
void apply_preferences_rules(nlohmann::json& body, const nlohmann::json* previous);

/// The company's home currency code ("USD").
std::string home_currency(const Ledger& ledger);
bool multicurrency_enabled(const Ledger& ledger);
/// {"value": code, "name": full name}.
nlohmann::json currency_ref(const std::string& code);

}  // namespace ledgersync::sandbox::qbo
