#include "payment_sync_fixture.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace ledgersync::testing {

using nlohmann::json;

namespace {

InvoiceSyncOptions invoice_sync_options(const StripeEmulator& stripe, const PaymentSyncOptions& options) {
    InvoiceSyncOptions o;
    o.start_host = options.start_host;
    o.admin_api = options.admin_api;
    o.hubspot_payments = true;
    o.qbo_entities = {
        {"Item", {{{"Id", kRefundItem}, {"Name", "Refunds"}, {"Type", "Service"}, {"IncomeAccountRef", {{"value", "54"}}}}}},
        {"Account",
         {{{"Id", kChargebacksAccount}, {"Name", "Chargebacks"}, {"AccountType", "Income"}, {"AccountSubType", "DiscountsRefundsGiven"}},
          {{"Id", kDisputeFeesAccount}, {"Name", "Dispute Fees"}, {"AccountType", "Expense"}, {"AccountSubType", "BankCharges"}}}}};
    o.qbo_mapping = {{"payment_deposit_account_id", kClearingAccount},
                     {"refund_item_id", kRefundItem},
                     {"refund_account_id", kClearingAccount},
                     {"refund_as", options.refund_as},
                     {"dispute_account_id", kChargebacksAccount},
                     {"dispute_fee_account_id", kDisputeFeesAccount},
                     {"dispute_vendor_id", "1"}};
    o.extra_connections = {
        {"stripe",
         {{"plugin", "stripe"},
          {"poll_interval_seconds", 1},
          {"config",
           {{"api_key", StripeEmulator::kTestKey},
            {"environment", {{"base_url", stripe.url()}}},
            {"webhook_secret", kStripeWebhookSecret}}}}}};
    o.extra_routes = json::array();
    for (const auto& route : shipped_routes("payment-sync.json")) {
        if (options.refund_routes.is_null() || route.value("name", "") != "stripe-refunds-to-qbo") {
            o.extra_routes.push_back(route);
            continue;
        }
        for (const auto& replacement : options.refund_routes) o.extra_routes.push_back(replacement);
    }
    for (const auto& route : options.more_routes) o.extra_routes.push_back(route);
    return o;
}

/// What `list` returns once it has `count` records (what it returns after the wait otherwise).
std::vector<json> wait_for_count(const std::function<std::vector<json>()>& list, std::size_t count) {
    std::vector<json> found;
    eventually([&] {
        found = list();
        return found.size() >= count;
    });
    return found;
}

}  // namespace

std::int64_t cents(const std::string& amount) { return sdk::Money::parse(amount, "USD").minor_units(); }

std::string usd(const json& amount) {
    return sdk::Money::from_minor_units(sdk::Money(decimal(amount), "USD").minor_units(), "USD").amount().to_string();
}

PaymentSync::PaymentSync(PaymentSyncOptions options) : stripe_(), sync_(invoice_sync_options(stripe_, options)) {}

std::string PaymentSync::pay(const std::string& hubspot_invoice, const std::string& amount) const {
    const auto [status, intent] = stripe_.post("/v1/payment_intents", {{"amount", std::to_string(cents(amount))},
                                                                        {"currency", "usd"},
                                                                        {"payment_method", "pm_card_visa"},
                                                                        {"confirm", "true"},
                                                                        {"metadata[hubspot_invoice_id]", hubspot_invoice}});
    if (status != 200) throw std::runtime_error("payment failed: " + intent.dump());
    const json& charge = intent.at("latest_charge");
    return charge.is_string() ? charge.get<std::string>() : charge.at("id").get<std::string>();
}

std::string PaymentSync::refund(const std::string& charge, const std::string& amount, const std::string& reason) const {
    StripeEmulator::Fields form{{"charge", charge}, {"amount", std::to_string(cents(amount))}};
    if (!reason.empty()) form.emplace_back("reason", reason);
    const auto [status, made] = stripe_.post("/v1/refunds", form);
    if (status != 200) throw std::runtime_error("refund failed: " + made.dump());
    return made.at("id");
}

json PaymentSync::stripe_refunds(const std::string& charge) const {
    const auto [status, list] = stripe_.get("/v1/refunds?charge=" + charge + "&limit=100");
    if (status != 200) throw std::runtime_error("listing refunds failed: " + list.dump());
    return list.at("data");
}

std::vector<json> PaymentSync::qbo_payments_of(const std::string& invoice_id) const {
    std::vector<json> found;
    for (const auto& payment : sync_.qbo().entities("Payment")) {
        bool applies = false;
        for (const auto& line : payment.value("Line", json::array())) {
            for (const auto& linked : line.value("LinkedTxn", json::array())) {
                applies = applies || (linked.value("TxnType", "") == "Invoice" && linked.value("TxnId", "") == invoice_id);
            }
        }
        if (applies) found.push_back(payment);
    }
    return found;
}

std::vector<json> PaymentSync::wait_for_qbo_payments(const std::string& invoice_id, std::size_t count) const {
    return wait_for_count([&] { return qbo_payments_of(invoice_id); }, count);
}

json PaymentSync::receive_in_qbo(const json& invoice, const std::string& amount) const {
    // Built as text: QuickBooks amounts are JSON numbers, and the amount stays exact.
    const std::string body = R"({"CustomerRef":{"value":")" + invoice.at("CustomerRef").at("value").get<std::string>() +
                             R"("},"TotalAmt":)" + amount + R"(,"TxnDate":")" + invoice.value("TxnDate", "") +
                             R"(","Line":[{"Amount":)" + amount + R"(,"LinkedTxn":[{"TxnId":")" + invoice.at("Id").get<std::string>() +
                             R"(","TxnType":"Invoice"}]}]})";
    const auto [status, created] = sync_.qbo().api("POST", "payment", body);
    if (status != 200) throw std::runtime_error("QuickBooks refused the payment: " + created.dump());
    return created.at("Payment");
}

std::vector<json> PaymentSync::hubspot_payments_of(const std::string& hubspot_invoice) const {
    std::vector<json> found;
    for (const auto& payment : sync_.hubspot_objects("commerce_payments")) {
        const json invoices = payment.value("associations", json::object()).value("invoices", json::array());
        if (std::find(invoices.begin(), invoices.end(), json(hubspot_invoice)) != invoices.end()) found.push_back(payment);
    }
    return found;
}

std::vector<json> PaymentSync::wait_for_hubspot_payments(const std::string& hubspot_invoice, std::size_t count) const {
    return wait_for_count([&] { return hubspot_payments_of(hubspot_invoice); }, count);
}

std::vector<json> PaymentSync::qbo_refunds_of(const std::string& payment_id, const std::string& entity) const {
    std::vector<json> found;
    for (const auto& refund : sync_.qbo().entities(entity)) {
        if (refund.value("PrivateNote", "").find("payment=" + payment_id + ";") != std::string::npos) found.push_back(refund);
    }
    return found;
}

}  // namespace ledgersync::testing
