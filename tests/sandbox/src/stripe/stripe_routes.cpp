// StripeApi::execute: what each emulated operation does, by the spec's path template.

#include <algorithm>

#include "stripe/customers.hpp"
#include "stripe/disputes.hpp"
#include "stripe/list_pager.hpp"
#include "stripe/object_id.hpp"
#include "stripe/payments.hpp"
#include "stripe/payouts.hpp"
#include "stripe/refunds.hpp"
#include "stripe/stripe_api.hpp"
#include "stripe/stripe_call.hpp"
#include "stripe/stripe_error.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

constexpr std::int64_t kEventRetentionSeconds = 30LL * 86'400;

// An equality filter on the members named by `names` that the request gave.
ObjectStore::Predicate member_filter(const nlohmann::json& params,
                                     std::initializer_list<const char*> names) {
    std::vector<std::pair<std::string, nlohmann::json>> wanted;
    for (const char* name : names) {
        if (params.contains(name))
            wanted.emplace_back(name, params.at(name));
    }
    return [wanted](const nlohmann::json& object) {
        for (const auto& [name, value] : wanted) {
            if (!object.contains(name) || object.at(name) != value)
                return false;
        }
        return true;
    };
}

// Stripe deletes events after 30 days: an expired one is gone for retrieval and as a list cursor
// (404 resource_missing), not only left out of lists.
void forget_expired_events(StripeAccount& account) {
    const std::int64_t oldest = account.now() - kEventRetentionSeconds;
    std::vector<std::string> expired;
    for (const auto& [key, id] : account.store().ordered("event")) {
        if (key.first >= oldest)
            break;
        expired.push_back(id);
    }
    for (const auto& id : expired)
        account.store().erase(id);
}

nlohmann::json hide_secret(nlohmann::json endpoint) {
    endpoint.erase("secret");
    return endpoint;
}

}  // namespace

nlohmann::json StripeApi::execute(StripeCall& call) {
    StripeAccount& account = account_;
    const nlohmann::json& p = call.params;
    const std::string op = call.operation();
    const Expander expander(*spec_, account_);
    const auto show = [&](const nlohmann::json& object) {
        return expander.expand(account.render(object), call.expand);
    };
    const auto retrieve = [&](const std::string& type, const std::string& variable) {
        return show(require_object(account, type, call.value(variable)));
    };

    // Customers.
    if (op == "GET /v1/customers")
        return list(call, "customer", member_filter(p, {"email"}), "/v1/customers");
    if (op == "POST /v1/customers")
        return show(create_customer(account, p));
    if (op == "GET /v1/customers/{customer}")
        return retrieve("customer", "customer");
    if (op == "POST /v1/customers/{customer}")
        return show(update_customer(account, call.value("customer"), p));
    if (op == "DELETE /v1/customers/{customer}")
        return delete_customer(account, call.value("customer"));

    // Payment intents.
    if (op == "GET /v1/payment_intents")
        return list(call, "payment_intent", member_filter(p, {"customer"}), "/v1/payment_intents");
    if (op == "POST /v1/payment_intents")
        return show(create_payment_intent(account, p));
    if (op == "GET /v1/payment_intents/{intent}")
        return retrieve("payment_intent", "intent");
    if (op == "POST /v1/payment_intents/{intent}")
        return show(update_payment_intent(account, call.value("intent"), p));
    if (op == "POST /v1/payment_intents/{intent}/confirm")
        return show(confirm_payment_intent(account, call.value("intent"), p));
    if (op == "POST /v1/payment_intents/{intent}/capture")
        return show(capture_payment_intent(account, call.value("intent"), p));
    if (op == "POST /v1/payment_intents/{intent}/cancel")
        return show(cancel_payment_intent(account, call.value("intent"), p));

    // Charges.
    if (op == "GET /v1/charges")
        return list(call, "charge", member_filter(p, {"customer", "payment_intent", "transfer_group"}),
                    "/v1/charges");
    if (op == "POST /v1/charges")
        return show(create_charge(account, p));
    if (op == "GET /v1/charges/{charge}")
        return retrieve("charge", "charge");
    if (op == "POST /v1/charges/{charge}")
        return show(update_charge(account, call.value("charge"), p));
    if (op == "POST /v1/charges/{charge}/capture")
        return show(capture_charge(account, call.value("charge"), p));
    if (op == "GET /v1/charges/{charge}/refunds") {
        require_object(account, "charge", call.value("charge"), "charge");
        return list(call, "refund", member_filter({{"charge", call.value("charge")}}, {"charge"}),
                    "/v1/charges/" + call.value("charge") + "/refunds");
    }
    if (op == "POST /v1/charges/{charge}/refunds" || op == "POST /v1/charges/{charge}/refund") {
        nlohmann::json& refund = create_refund(account, p, call.value("charge"));
        if (op == "POST /v1/charges/{charge}/refund")
            return show(require_object(account, "charge", call.value("charge")));
        return show(refund);
    }
    if (op == "GET /v1/charges/{charge}/refunds/{refund}") {
        nlohmann::json& refund = require_object(account, "refund", call.value("refund"));
        if (refund.at("charge") != call.value("charge"))
            throw errors::resource_missing("refund", call.value("refund"));
        return show(refund);
    }
    if (op == "GET /v1/charges/{charge}/dispute") {
        require_object(account, "charge", call.value("charge"), "charge");
        for (const auto& [key, id] : account.store().ordered("dispute")) {
            const nlohmann::json* dispute = account.store().find(id);
            if (dispute->at("charge") == call.value("charge"))
                return show(*dispute);
        }
        throw errors::invalid_request("Charge " + call.value("charge") + " has no dispute.");
    }

    // Refunds.
    if (op == "GET /v1/refunds")
        return list(call, "refund", member_filter(p, {"charge", "payment_intent"}), "/v1/refunds");
    if (op == "POST /v1/refunds")
        return show(create_refund(account, p));
    if (op == "GET /v1/refunds/{refund}")
        return retrieve("refund", "refund");
    if (op == "POST /v1/refunds/{refund}")
        return show(update_refund(account, call.value("refund"), p));

    // Disputes.
    if (op == "GET /v1/disputes")
        return list(call, "dispute", member_filter(p, {"charge", "payment_intent"}), "/v1/disputes");
    if (op == "GET /v1/disputes/{dispute}")
        return retrieve("dispute", "dispute");
    if (op == "POST /v1/disputes/{dispute}")
        return show(update_dispute(account, call.value("dispute"), p));
    if (op == "POST /v1/disputes/{dispute}/close")
        return show(close_dispute(account, call.value("dispute")));

    // Balance and balance transactions.
    if (op == "GET /v1/balance")
        return balance_json(account);
    if (op == "GET /v1/balance_transactions" || op == "GET /v1/balance/history") {
        ObjectStore::Predicate filter = member_filter(p, {"source", "type", "currency"});
        if (p.contains("payout")) {
            const std::string payout_id = p.at("payout");
            const nlohmann::json& payout = require_object(account, "payout", payout_id, "payout");
            if (payout.at("automatic") != true) {
                throw errors::invalid_request(
                    "Balance transaction history can only be filtered on automatic transfers, "
                    "not manual.",
                    "payout");
            }
            const BalanceLedger& ledger = account.ledger();
            filter = [filter, payout_id, &ledger](const nlohmann::json& transaction) {
                return ledger.payout_of(transaction.at("id")) == payout_id && filter(transaction);
            };
        }
        return list(call, "balance_transaction", filter,
                    op == "GET /v1/balance/history" ? "/v1/balance/history" : "/v1/balance_transactions");
    }
    if (op == "GET /v1/balance_transactions/{id}" || op == "GET /v1/balance/history/{id}")
        return retrieve("balance_transaction", "id");

    // Payouts.
    if (op == "GET /v1/payouts") {
        ObjectStore::Predicate filter = member_filter(p, {"status", "destination"});
        if (p.contains("arrival_date")) {
            const nlohmann::json range = p.at("arrival_date");
            filter = [filter, range](const nlohmann::json& payout) {
                const std::int64_t arrival = payout.at("arrival_date");
                if (range.is_number_integer())
                    return arrival == range.get<std::int64_t>() && filter(payout);
                return (!range.contains("gt") || arrival > range.at("gt").get<std::int64_t>()) &&
                       (!range.contains("gte") || arrival >= range.at("gte").get<std::int64_t>()) &&
                       (!range.contains("lt") || arrival < range.at("lt").get<std::int64_t>()) &&
                       (!range.contains("lte") || arrival <= range.at("lte").get<std::int64_t>()) &&
                       filter(payout);
            };
        }
        return list(call, "payout", filter, "/v1/payouts");
    }
    if (op == "POST /v1/payouts")
        return show(create_manual_payout(account, p));
    if (op == "GET /v1/payouts/{payout}")
        return retrieve("payout", "payout");
    if (op == "POST /v1/payouts/{payout}")
        return show(update_payout(account, call.value("payout"), p));

    // Events: the last 30 days (stripe.md §2.5).
    if (op == "GET /v1/events" || op == "GET /v1/events/{id}")
        forget_expired_events(account);
    if (op == "GET /v1/events") {
        std::vector<std::string> types;
        if (p.contains("type"))
            types.push_back(p.at("type").get<std::string>());
        for (const auto& type : p.value("types", nlohmann::json::array()))
            types.push_back(type.get<std::string>());
        if (types.size() > 20)
            throw errors::invalid_request("You may pass at most 20 event types.", "types");
        return list(
            call, "event",
            [types](const nlohmann::json& event) {
                if (types.empty())
                    return true;
                const std::string type = event.at("type");
                return std::any_of(types.begin(), types.end(),
                                   [&](const std::string& t) { return WebhookSender::type_enabled({t}, type); });
            },
            "/v1/events");
    }
    if (op == "GET /v1/events/{id}")
        return retrieve("event", "id");

    // Webhook endpoints: the secret is shown once, on create.
    if (op == "GET /v1/webhook_endpoints") {
        nlohmann::json page = list(call, "webhook_endpoint", nullptr, "/v1/webhook_endpoints");
        for (auto& endpoint : page["data"])
            endpoint.erase("secret");
        return page;
    }
    if (op == "POST /v1/webhook_endpoints") {
        const std::string url = p.at("url");
        if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
            throw errors::parameter_invalid("url", "Invalid URL: " + url, "url_invalid");
        nlohmann::json endpoint = {{"id", new_object_id("we")},
                                   {"object", "webhook_endpoint"},
                                   {"api_version", p.value("api_version", nlohmann::json(nullptr))},
                                   {"application", nullptr},
                                   {"created", account.now()},
                                   {"description", p.value("description", nlohmann::json(nullptr))},
                                   {"enabled_events", p.at("enabled_events")},
                                   {"livemode", call.livemode},
                                   {"metadata", nlohmann::json::object()},
                                   {"secret", "whsec_" + new_object_id("x").substr(2) + new_object_id("x").substr(2, 8)},
                                   {"status", "enabled"},
                                   {"url", url}};
        if (p.contains("metadata"))
            apply_metadata(endpoint, p.at("metadata"));
        return account.store().insert(std::move(endpoint));
    }
    if (op == "GET /v1/webhook_endpoints/{webhook_endpoint}")
        return hide_secret(require_object(account, "webhook_endpoint", call.value("webhook_endpoint")));
    if (op == "POST /v1/webhook_endpoints/{webhook_endpoint}") {
        nlohmann::json& endpoint = require_object(account, "webhook_endpoint", call.value("webhook_endpoint"));
        for (const char* member : {"url", "enabled_events", "description"}) {
            if (p.contains(member))
                endpoint[member] = p.at(member);
        }
        if (p.contains("disabled"))
            endpoint["status"] = p.at("disabled") == true ? "disabled" : "enabled";
        if (p.contains("metadata"))
            apply_metadata(endpoint, p.at("metadata"));
        return hide_secret(endpoint);
    }
    if (op == "DELETE /v1/webhook_endpoints/{webhook_endpoint}") {
        const std::string id = call.value("webhook_endpoint");
        require_object(account, "webhook_endpoint", id);
        account.store().erase(id);
        return {{"id", id}, {"object", "webhook_endpoint"}, {"deleted", true}};
    }

    throw StripeError(404, "invalid_request_error", "",
                      "Unrecognized request URL (" + call.method + ": " + call.path +
                          "). The sandbox does not emulate " + op +
                          "; see tests/sandbox/README.md for the endpoints it serves.");
}

}  // namespace ledgersync::sandbox::stripe
