#pragma once
/// The connector's configuration (docs/connectors/quickbooks.md, "Configuration"), read strictly
/// with sdk::ConfigReader: every problem is reported at its path, unknown keys are refused.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::connectors::quickbooks {

/// Where the API and Intuit's OAuth endpoints are.
struct Endpoints {
    /// "production", "sandbox" or "custom".
    std::string environment;
    /// https://quickbooks.api.intuit.com (no trailing slash).
    std::string api_base_url;
    /// https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer
    std::string token_url;
};

/// Limits of the connector's own making (the request rate budgets are the host's, from the
/// manifest: docs/connectors/quickbooks.md, "Limits").
struct Limits {
    /// Most operations in one /batch request (QBO allows 30).
    std::int64_t batch_items = 30;
    /// MAXRESULTS of each /query page (QBO allows 1000).
    std::int64_t query_page_size = 1000;
    /// Deadline of each API request, in seconds (QBO times requests out after 120 s).
    std::int64_t request_timeout_seconds = 120;
    /// How far before the last CDC answer's time the next poll starts again, in seconds, so that
    /// a change committed while the answer was being built is not missed.
    std::int64_t cdc_overlap_seconds = 60;
};

/// How canonical objects become QBO entities where QBO needs something the canonical object
/// does not say (docs/connectors/quickbooks.md, "Mapping settings").
struct MappingSettings {
    /// The company's home currency: the currency of entities that carry no CurrencyRef.
    std::string home_currency = "USD";
    /// Item for fee lines that name no product (shipping, card surcharge, late fee).
    std::string fee_item_id;
    /// Item for tax lines: an item whose income account is the liability account that tracks
    /// collected tax, so tax is booked there and not through QBO's tax center.
    std::string tax_item_id;
    /// Item for discount lines and for the discount part of discounted lines.
    std::string discount_item_id;
    /// Account of the invoice-level discount (DiscountLineDetail.DiscountAccountRef); empty:
    /// QBO's default ("Discounts given").
    std::string discount_account_id;
    /// TaxCodeRef put on every line written; "" leaves QBO's default. Default "NON": the tax of
    /// an invoice is its tax lines, so QBO's own sales tax must not add to them.
    std::string line_tax_code = "NON";
    /// TaxCodeRef of tax lines, whatever line_tax_code says: a non-taxable code, so that QBO's
    /// (automated) sales tax never taxes the tax. "NON" in US companies; elsewhere the company's
    /// exempt or out-of-scope TaxCode id. Never empty.
    std::string tax_line_tax_code = "NON";
    /// Income account of items created by the connector when the product names none.
    std::string income_account_id;
    /// DepositToAccountRef of payments; empty: QBO's default (Undeposited Funds).
    std::string payment_deposit_account_id;
    /// "fail" or "leave_unapplied": what a payment of more than the open balances of the
    /// invoices it pays becomes. "fail" refuses it (an overpayment is a mistake to fix at the
    /// source); "leave_unapplied" books the rest as the customer's credit.
    std::string overpayment = "fail";
    /// Canonical payment method -> QBO PaymentMethod id ("card" -> "3"); both directions.
    std::map<std::string, std::string> payment_method_ids;
    /// "refund_receipt" or "credit_memo": what a canonical refund becomes unless its book_as (the
    /// route's choice) says otherwise.
    std::string refund_as = "refund_receipt";
    /// Item of the single line of a refund receipt or credit memo.
    std::string refund_item_id;
    /// Account a refund receipt pays from (DepositToAccountRef, required by QBO).
    std::string refund_account_id;
    /// PaymentType of purchases: "Cash", "Check" or "CreditCard".
    std::string expense_payment_type = "Cash";
    /// "transfer" or "deposit": what a paid payout becomes (a negative one is always a transfer).
    std::string payout_as = "transfer";
    /// The processor's clearing account payouts leave; empty: payment_deposit_account_id.
    std::string payout_clearing_account_id;
    /// The bank account payouts reach.
    std::string payout_bank_account_id;
    /// Where a disputed amount goes when the processor withdraws it (a "Chargebacks" account),
    /// and comes back from when the dispute is won.
    std::string dispute_account_id;
    /// The expense account of dispute fees (kept apart from processing fees).
    std::string dispute_fee_account_id;
    /// Payee (EntityRef) of a dispute's withdrawal, e.g. the vendor "Stripe"; empty: none.
    std::string dispute_vendor_id;

    /// The processor's clearing account that payouts and disputes move money out of and into:
    /// payout_clearing_account_id, else payment_deposit_account_id.
    const std::string& clearing_account_id() const {
        return payout_clearing_account_id.empty() ? payment_deposit_account_id : payout_clearing_account_id;
    }
    /// Custom field name -> DefinitionId (at most 3, QBO's sales-form custom fields).
    std::map<std::string, std::string> custom_field_ids;
    /// Payment terms text -> Term id ("Net 30" -> "3").
    std::map<std::string, std::string> term_ids;
    /// Items whose lines read as fee lines (fee_item_id and QBO's SHIPPING_ITEM_ID always do).
    std::set<std::string> fee_item_ids;
};

struct QboConfig {
    std::string realm_id;
    Endpoints endpoints;
    std::string client_id;
    std::string client_secret;
    /// The refresh token to start from; once rotated, the copy in the state service wins until
    /// this value changes (a reconnect).
    std::string refresh_token;
    /// Empty: webhooks are refused.
    std::string webhook_verifier_token;
    std::int64_t minorversion = 75;
    /// First instant read on a first sync, epoch ms; nullopt: 30 days before the first read.
    std::optional<std::int64_t> sync_from_ms;
    Limits limits;
    MappingSettings mapping;

    /// Reads and checks a configuration; throws sdk::Error (fatal) listing every problem.
    static QboConfig parse(const nlohmann::json& config);
};

}  // namespace ledgersync::connectors::quickbooks
