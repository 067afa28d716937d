#include "access_check.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ledgersync::connectors::stripe {

using nlohmann::json;

namespace {

/// One read the connector makes, and the restricted-key permission Stripe asks for it
/// (Stripe's API permissions reference; `label` is the resource as the Dashboard lists it).
struct Probe {
    const char* path;
    bool list;           ///< asked for one object (limit=1)
    const char* expand;  ///< the reader's expansion of this list, or nullptr
    const char* permission;
    const char* label;
    const char* object;  ///< for messages: "reading the charges"
};

constexpr Probe kProbes[] = {
    {"/v1/balance", false, nullptr, "rak_balance_read", "Balance", "the account balance"},
    {"/v1/charges", true, "data.balance_transaction", "rak_charge_read", "Charges", "the charges"},
    {"/v1/refunds", true, "data.balance_transaction", "rak_refund_read", "Refunds", "the refunds"},
    {"/v1/payouts", true, nullptr, "rak_payout_read", "Payouts", "the payouts"},
    {"/v1/disputes", true, nullptr, "rak_dispute_read", "Disputes", "the disputes"},
    {"/v1/events", true, nullptr, "rak_event_read", "Events", "the events"},
    {"/v1/balance_transactions", true, "data.source", "rak_balance_transaction_source_read", "Balance transaction sources",
     "the balance transactions"},
};

/// A permission as Stripe's 403 names it ("Having the 'rak_charge_read' permission would allow
/// this request to continue."), else the one the probe expects.
std::string permission_named(const StripeError& refusal, const Probe& probe) {
    const std::string marker = "Having the '";
    const auto start = refusal.message.find(marker);
    if (start == std::string::npos) return probe.permission;
    const auto begin = start + marker.size();
    const auto end = refusal.message.find('\'', begin);
    if (end == std::string::npos || end == begin) return probe.permission;
    return refusal.message.substr(begin, end - begin);
}

/// The Dashboard's words for a permission: "Read on Charges"; a permission no probe expects is
/// shown as Stripe named it.
std::string grant_of(const std::string& permission) {
    for (const auto& probe : kProbes) {
        if (permission == probe.permission) return std::string("Read on ") + probe.label;
    }
    return "'" + permission + "'";
}

std::string joined(const std::vector<std::string>& items, const char* last_separator) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) text += i + 1 == items.size() ? last_separator : ", ";
        text += items[i];
    }
    return text;
}

std::string currencies_of(const json& balance) {
    std::string currencies;
    for (const auto& entry : balance.value("available", json::array())) {
        const std::string currency = entry.is_object() ? entry.value("currency", std::string()) : std::string();
        if (!currency.empty() && currencies.find(currency) == std::string::npos) currencies += (currencies.empty() ? "" : ", ") + currency;
    }
    return currencies.empty() ? std::string("no currency yet") : currencies;
}

/// One permission a read was refused for.
struct Refusal {
    std::string permission;
    std::string request;  ///< "GET /v1/refunds"
};

}  // namespace

AccessCheck::AccessCheck(StripeClient& client, const StripeConfig& config) : client_(client), config_(config) {}

sdk::CheckResult AccessCheck::run() {
    std::optional<json> balance;
    std::vector<Refusal> refusals;
    try {
        for (const auto& probe : kProbes) {
            StripeParameters parameters;
            if (probe.list) parameters.emplace_back("limit", "1");
            if (probe.expand != nullptr) parameters.emplace_back("expand[]", probe.expand);
            auto answer = client_.get_unless_forbidden(probe.path, parameters, CallContext{"reading", probe.object});
            if (auto* refusal = std::get_if<StripeError>(&answer)) {
                refusals.push_back({permission_named(*refusal, probe), std::string("GET ") + probe.path});
            } else if (!probe.list) {
                balance = std::move(std::get<json>(answer));
            }
        }
    } catch (const sdk::Error& e) {
        const sdk::Outcome& o = e.outcome();
        return {false, o.reason + (o.fix_hint.empty() ? std::string() : "; to fix: " + o.fix_hint)};
    }

    const bool restricted = config_.api_key.rfind("rk_", 0) == 0;
    if (!refusals.empty()) {
        std::vector<std::string> refused;
        std::vector<std::string> grants;
        for (const auto& r : refusals) {
            refused.push_back(r.request + " needs '" + r.permission + "'");
            const std::string grant = grant_of(r.permission);
            if (std::find(grants.begin(), grants.end(), grant) == grants.end()) grants.push_back(grant);
        }
        return {false, "Stripe refused " + std::to_string(refusals.size()) + " of the connector's " + std::to_string(std::size(kProbes)) +
                           " reads: the " + (restricted ? "restricted " : "") + "key lacks permissions (" + joined(refused, "; ") +
                           "); to fix: in the Stripe Dashboard (Developers > API keys) edit the restricted key, or create one, with " +
                           joined(grants, " and ") + " besides what it has, and put it in api_key"};
    }

    const bool live = balance->value("livemode", false);
    std::string details = "connected to Stripe (" + std::string(live ? "live" : "test") + " mode, " + config_.api_base_url +
                          ", Stripe-Version " + config_.stripe_version + "); balance in " + currencies_of(*balance);
    if (restricted) {
        details += "; the restricted key may read the balance, balance transactions, charges, refunds, payouts, disputes and "
                   "events; `ledgersync payments refund` also needs Write on Refunds, which check cannot try without making a refund";
    }
    if (config_.webhook_secrets.empty()) details += "; no webhook_secret: webhooks are refused";
    return {true, details};
}

}  // namespace ledgersync::connectors::stripe
