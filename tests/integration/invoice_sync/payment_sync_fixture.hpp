#pragma once
// Payments end to end, the fixture: the invoice sync fixture (HubSpot and QuickBooks sandboxes,
// the host with the shipped invoice routes) plus the Stripe sandbox as connection "stripe" and
// the shipped payment routes (config/routes/payment-sync.json), the QuickBooks connection set up
// as docs/payments.md says: payments deposited to Stripe Clearing (91), refunds on the item
// "Refunds" (40) paid from Stripe Clearing, disputes withdrawn to "Chargebacks" (92) with their
// fees to "Dispute Fees" (93), payee the vendor "Stripe" (1).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "invoice_sync_host.hpp"
#include "stripe_emulator.hpp"

namespace ledgersync::testing {

inline constexpr const char* kClearingAccount = "91";
inline constexpr const char* kRefundItem = "40";
inline constexpr const char* kChargebacksAccount = "92";
inline constexpr const char* kDisputeFeesAccount = "93";
inline constexpr const char* kStripeWebhookSecret = "whsec_ledgersync_payment_tests";

struct PaymentSyncOptions {
    /// The QuickBooks connection's mapping.refund_as.
    std::string refund_as = "refund_receipt";
    bool start_host = true;
    /// The host's admin_api section (InvoiceSyncOptions::admin_api).
    nlohmann::json admin_api = nullptr;
    /// Routes after the shipped payment routes.
    nlohmann::json more_routes = nlohmann::json::array();
    /// Routes in place of the shipped stripe-refunds-to-qbo (null: that one).
    nlohmann::json refund_routes = nullptr;
};

class PaymentSync {
public:
    explicit PaymentSync(PaymentSyncOptions options = {});

    InvoiceSync& sync() { return sync_; }
    const InvoiceSync& sync() const { return sync_; }
    const StripeEmulator& stripe() const { return stripe_; }

    /// A card payment of `amount` (e.g. "600.00" USD) in Stripe naming HubSpot invoice
    /// `hubspot_invoice` (metadata hubspot_invoice_id); the charge's id.
    std::string pay(const std::string& hubspot_invoice, const std::string& amount) const;
    /// A refund of `amount` of `charge` made in Stripe directly, for `reason` (Stripe's refund
    /// reasons; empty: none given); the refund's id.
    std::string refund(const std::string& charge, const std::string& amount, const std::string& reason = {}) const;
    /// Stripe's refunds of `charge`.
    nlohmann::json stripe_refunds(const std::string& charge) const;

    /// QuickBooks payments that apply money to invoice `invoice_id` (LinkedTxn).
    std::vector<nlohmann::json> qbo_payments_of(const std::string& invoice_id) const;
    /// The same, once there are `count` of them (what there is after the wait otherwise).
    std::vector<nlohmann::json> wait_for_qbo_payments(const std::string& invoice_id, std::size_t count) const;
    /// QuickBooks refund receipts (or credit memos) whose memo names QuickBooks payment `payment_id`.
    std::vector<nlohmann::json> qbo_refunds_of(const std::string& payment_id, const std::string& entity = "RefundReceipt") const;
    /// A payment of `amount` received in QuickBooks (another user's Receive payment) on
    /// QuickBooks invoice `invoice`, for its customer; the QuickBooks payment.
    nlohmann::json receive_in_qbo(const nlohmann::json& invoice, const std::string& amount) const;
    /// HubSpot's commerce payments associated with HubSpot invoice `hubspot_invoice`.
    std::vector<nlohmann::json> hubspot_payments_of(const std::string& hubspot_invoice) const;
    /// The same, once there are `count` of them (what there is after the wait otherwise).
    std::vector<nlohmann::json> wait_for_hubspot_payments(const std::string& hubspot_invoice, std::size_t count) const;
    /// The QuickBooks invoice `id` as the sandbox holds it now.
    nlohmann::json qbo_invoice(const std::string& id) const { return sync_.qbo_entity("Invoice", "Id", id); }

private:
    StripeEmulator stripe_;
    InvoiceSync sync_;
};

/// `amount` ("600.00") in cents.
std::int64_t cents(const std::string& amount);
/// An amount as QuickBooks or HubSpot wrote it (number or string), as text at cents ("600.00").
std::string usd(const nlohmann::json& amount);

}  // namespace ledgersync::testing
