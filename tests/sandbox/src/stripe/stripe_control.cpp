// StripeApi's control endpoints under /__sandbox/stripe/ (see tests/sandbox/README.md).

#include <stdexcept>

#include "common/control_plane.hpp"
#include "common/iso_time.hpp"
#include "common/sandbox_clock.hpp"
#include "common/webhook_dispatcher.hpp"
#include "stripe/customers.hpp"
#include "stripe/disputes.hpp"
#include "stripe/object_id.hpp"
#include "stripe/payments.hpp"
#include "stripe/payouts.hpp"
#include "stripe/refunds.hpp"
#include "stripe/stripe_api.hpp"
#include "stripe/stripe_error.hpp"
#include "stripe/stripe_json.hpp"
#include "stripe/webhook_signature.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

constexpr std::int64_t kMaxSeedCharges = 200'000;

std::int64_t integer_member(const nlohmann::json& body, const char* key, std::int64_t fallback) {
    if (!body.contains(key))
        return fallback;
    if (!body.at(key).is_number_integer())
        throw std::invalid_argument(std::string("\"") + key + "\" must be an integer");
    return body.at(key).get<std::int64_t>();
}

// A unix time given as seconds or as an ISO 8601 text.
std::int64_t time_member(const nlohmann::json& value, const char* key) {
    if (value.is_number_integer())
        return value.get<std::int64_t>();
    if (value.is_string()) {
        if (const auto ms = parse_iso_datetime(value.get<std::string>()))
            return *ms / 1000;
    }
    throw std::invalid_argument(std::string("\"") + key +
                                "\" must be unix seconds or an ISO 8601 timestamp");
}

HttpResponse stripe_ok(const nlohmann::json& body) {
    return HttpResponse::json(200, render_stripe_json(body));
}

// The control plane speaks plain {"error": ...}; a StripeError raised by a shared operation
// (e.g. a dispute of an uncaptured charge) is reported with Stripe's message.
template <typename Operation>
HttpResponse guarded(Operation operation) {
    try {
        return operation();
    } catch (const StripeError& e) {
        return control_error(e.status(), e.what());
    }
}

}  // namespace

HttpResponse StripeApi::handle_control(const std::vector<std::string>& subpath,
                                       const HttpRequest& request) {
    const std::string first = subpath.empty() ? std::string() : subpath[0];
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    const auto settings = [&](auto& target, auto&& view) -> HttpResponse {
        if (post) {
            std::lock_guard lock(account_.mutex());
            target.configure(control_body(request));
        } else if (!get) {
            return control_error(405, "use GET or POST");
        }
        std::lock_guard lock(account_.mutex());
        return control_ok(view());
    };
    if (first == "reset" && post) {
        reset();
        return control_ok({{"reset", true}});
    }
    if (first == "seed" && post)
        return guarded([&] { return control_seed(request); });
    if (first == "clock" && (get || post))
        return control_clock(request);
    if (first == "fees")
        return settings(account_.fees(), [&] { return account_.fees().to_json(); });
    if (first == "exchange_rates")
        return settings(account_.rates(), [&] { return account_.rates().to_json(); });
    if (first == "payout_schedule")
        return settings(account_.payouts(), [&] { return account_.payouts().to_json(); });
    if (first == "rate_limits") {
        if (post)
            limiter_.configure(control_body(request));
        return control_ok(limiter_.to_json());
    }
    if (first == "faults" && (get || post))
        return control_faults(request);
    if (first == "restricted_keys" && subpath.size() == 1) {
        if (post)
            return control_ok(restricted_keys_.create(control_body(request)));
        if (get)
            return control_ok(restricted_keys_.to_json());
    }
    if (first == "counters") {
        if (get && subpath.size() == 1)
            return control_ok(counters_json());
        if (post && subpath.size() == 2 && subpath[1] == "reset") {
            {
                std::lock_guard lock(counters_mutex_);
                family_counts_.clear();
                endpoint_counts_.clear();
                status_counts_.clear();
                total_count_ = 0;
            }
            return control_ok(counters_json());
        }
    }
    if (first == "webhooks")
        return control_webhooks(subpath, request);
    if (first == "disputes" && post) {
        const nlohmann::json body = control_body(request);
        HttpResponse response = guarded([&] {
            std::lock_guard lock(account_.mutex());
            if (subpath.size() == 1) {
                nlohmann::json& charge = require_object(account_, "charge", body.value("charge", ""), "charge");
                return stripe_ok(account_.render(open_dispute(account_, charge, body.value("reason", "fraudulent"))));
            }
            if (subpath.size() == 3 && subpath[2] == "resolve")
                return stripe_ok(account_.render(resolve_dispute(account_, subpath[1], body.value("outcome", ""))));
            return control_error(404, "use POST /__sandbox/stripe/disputes or /disputes/{id}/resolve");
        });
        deliver_outbox();
        return response;
    }
    if (first == "refunds" && post && subpath.size() == 3 && subpath[2] == "fail") {
        const nlohmann::json body = control_body(request);
        HttpResponse response = guarded([&] {
            std::lock_guard lock(account_.mutex());
            return stripe_ok(account_.render(fail_refund(account_, subpath[1], body.value("failure_reason", ""))));
        });
        deliver_outbox();
        return response;
    }
    if (first == "objects" && get && subpath.size() == 2) {
        std::lock_guard lock(account_.mutex());
        const nlohmann::json* object = account_.store().find(subpath[1]);
        if (object == nullptr)
            return control_error(404, "no Stripe object " + subpath[1]);
        return stripe_ok(*object);
    }
    return control_error(404, "no control endpoint " + request.method + " " + request.path +
                                  "; see tests/sandbox/README.md for the Stripe control plane");
}

HttpResponse StripeApi::control_faults(const HttpRequest& request) {
    if (request.method == "POST") {
        const nlohmann::json body = control_body(request);
        for (auto it = body.begin(); it != body.end(); ++it) {
            if (it.key() != "lock_timeout" && it.key() != "fail_payouts" &&
                it.key() != "payout_failure_code")
                throw std::invalid_argument("unknown Stripe fault \"" + it.key() +
                                            "\" (lock_timeout, fail_payouts, payout_failure_code)");
        }
        const std::int64_t lock_timeouts = integer_member(body, "lock_timeout", 0);
        const std::int64_t failing = integer_member(body, "fail_payouts", 0);
        if (lock_timeouts < 0 || failing < 0)
            throw std::invalid_argument("fault counts must not be negative");
        lock_timeouts_left_ = lock_timeouts;
        std::lock_guard lock(account_.mutex());
        account_.payouts().fail_next(failing, body.value("payout_failure_code", "account_closed"));
    }
    std::lock_guard lock(account_.mutex());
    const nlohmann::json schedule = account_.payouts().to_json();
    return control_ok({{"lock_timeout", lock_timeouts_left_.load()},
                       {"fail_payouts", schedule.at("failing_payouts_left")},
                       {"payout_failure_code", schedule.at("failure_code")}});
}

HttpResponse StripeApi::control_clock(const HttpRequest& request) {
    if (request.method == "POST") {
        const nlohmann::json body = control_body(request);
        for (auto it = body.begin(); it != body.end(); ++it) {
            if (it.key() == "advance_seconds") {
                services_.clock.advance_ms(integer_member(body, "advance_seconds", 0) * 1000);
            } else if (it.key() == "advance_days") {
                services_.clock.advance_ms(integer_member(body, "advance_days", 0) * 86'400'000);
            } else if (it.key() == "set") {
                services_.clock.set_ms(time_member(*it, "set") * 1000);
            } else if (it.key() == "freeze") {
                if (!it->is_boolean())
                    throw std::invalid_argument("\"freeze\" must be true or false");
                services_.clock.freeze(it->get<bool>());
            } else {
                throw std::invalid_argument("unknown clock member \"" + it.key() +
                                            "\" (advance_seconds, advance_days, set, freeze)");
            }
        }
    }
    const std::size_t created = catch_up();
    std::lock_guard lock(account_.mutex());
    return control_ok({{"now", account_.now()},
                       {"now_iso", format_iso_datetime(services_.clock.now_ms(), 0, false, true)},
                       {"payouts_created", created}});
}

HttpResponse StripeApi::control_seed(const HttpRequest& request) {
    const nlohmann::json body = control_body(request);
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() != "customers" && it.key() != "charges" && it.key() != "run_payouts" &&
            it.key() != "events")
            throw std::invalid_argument("unknown seed member \"" + it.key() +
                                        "\" (customers, charges, run_payouts, events)");
    }
    nlohmann::json out = {{"customers", nlohmann::json::array()}, {"charges", 0}};
    std::lock_guard lock(account_.mutex());
    run_automatic_payouts(account_);
    account_.mute_events(!body.value("events", false));
    struct Restore {
        StripeAccount& account;
        ~Restore() {
            account.mute_events(false);
            account.set_time_override(std::nullopt);
        }
    } restore{account_};

    std::vector<std::string> customer_ids;
    if (body.contains("customers")) {
        const auto& customers = body.at("customers");
        nlohmann::json list = nlohmann::json::array();
        if (customers.is_number_integer()) {
            for (std::int64_t i = 0; i < customers.get<std::int64_t>(); ++i)
                list.push_back({{"name", "Sandbox Customer " + std::to_string(i + 1)},
                                {"email", "customer" + std::to_string(i + 1) + "@example.com"}});
        } else if (customers.is_array()) {
            list = customers;
        } else {
            throw std::invalid_argument("\"customers\" must be a count or an array of customers");
        }
        for (const auto& customer : list)
            customer_ids.push_back(create_customer(account_, customer).at("id").get<std::string>());
        out["customers"] = customer_ids;
    }
    if (body.contains("charges")) {
        const nlohmann::json& spec = body.at("charges");
        const std::int64_t count = integer_member(spec, "count", 1);
        if (count < 0 || count > kMaxSeedCharges)
            throw std::invalid_argument("\"charges.count\" must be from 0 to 200000");
        const std::int64_t interval = integer_member(spec, "interval_seconds", 60);
        const std::int64_t start = spec.contains("start") ? time_member(spec.at("start"), "start")
                                                          : account_.now() - count * interval;
        if (start + (count - 1) * interval > account_.now())
            throw std::invalid_argument("the seeded charges would reach into the future; start earlier "
                                        "or use a smaller interval_seconds");
        const std::string via = spec.value("via", "payment_intent");
        if (via != "payment_intent" && via != "charge")
            throw std::invalid_argument("\"charges.via\" is payment_intent or charge");
        nlohmann::json amounts = spec.value("amounts", nlohmann::json::array());
        if (amounts.empty())
            amounts.push_back(spec.value("amount", std::int64_t{1000}));
        const std::string currency = spec.value("currency", account_.currency());
        std::string first, last;
        for (std::int64_t i = 0; i < count; ++i) {
            account_.set_time_override(start + i * interval);
            nlohmann::json params = {{"amount", amounts[static_cast<std::size_t>(i) % amounts.size()]},
                                     {"currency", currency},
                                     {"metadata", {{"seed_index", std::to_string(i)}}}};
            if (!customer_ids.empty())
                params["customer"] = customer_ids[static_cast<std::size_t>(i) % customer_ids.size()];
            std::string charge_id;
            if (via == "charge") {
                params["source"] = "tok_visa";
                charge_id = create_charge(account_, params).at("id").get<std::string>();
            } else {
                params["payment_method"] = "pm_card_visa";
                params["confirm"] = true;
                charge_id = create_payment_intent(account_, params).at("latest_charge").get<std::string>();
            }
            if (i == 0)
                first = charge_id;
            last = charge_id;
        }
        account_.set_time_override(std::nullopt);
        out["charges"] = count;
        out["first_charge"] = first;
        out["last_charge"] = last;
        if (body.value("run_payouts", true) && count > 0) {
            // Pay out the seeded history day by day, as it would have happened.
            const std::int64_t first_day = day_start(start) + PayoutSchedule::kDay;
            if (first_day < account_.payouts().next_run_day())
                account_.payouts().set_next_run_day(first_day);
        }
    }
    account_.mute_events(false);
    out["payouts_created"] = run_automatic_payouts(account_);
    account_.take_outbox();  // seeded history is not announced by webhooks
    return control_ok(out);
}

HttpResponse StripeApi::control_webhooks(const std::vector<std::string>& subpath,
                                         const HttpRequest& request) {
    const std::string action = subpath.size() > 1 ? subpath[1] : std::string();
    const bool post = request.method == "POST";
    const auto endpoints_json = [&] {
        nlohmann::json endpoints = nlohmann::json::array();
        for (const auto& [key, id] : account_.store().ordered("webhook_endpoint"))
            endpoints.push_back(*account_.store().find(id));
        return endpoints;
    };
    if (action.empty() && post) {
        const nlohmann::json body = control_body(request);
        webhooks_.configure(body);
        if (body.contains("endpoints")) {
            if (!body.at("endpoints").is_array())
                throw std::invalid_argument("\"endpoints\" must be an array");
            std::lock_guard lock(account_.mutex());
            std::vector<std::string> existing;
            for (const auto& [key, id] : account_.store().ordered("webhook_endpoint"))
                existing.push_back(id);
            for (const auto& id : existing)
                account_.store().erase(id);
            for (const auto& given : body.at("endpoints")) {
                const std::string url = given.value("url", "");
                if (url.rfind("http://", 0) != 0)
                    throw std::invalid_argument("an endpoint \"url\" must be an http:// URL");
                nlohmann::json events = given.value("enabled_events", nlohmann::json::array({"*"}));
                account_.store().insert({{"id", new_object_id("we")},
                                         {"object", "webhook_endpoint"},
                                         {"api_version", given.value("api_version", nlohmann::json(nullptr))},
                                         {"application", nullptr},
                                         {"created", account_.now()},
                                         {"description", nullptr},
                                         {"enabled_events", events},
                                         {"livemode", false},
                                         {"metadata", nlohmann::json::object()},
                                         {"secret", given.value("secret", "whsec_" + new_object_id("x").substr(2))},
                                         {"status", "enabled"},
                                         {"url", url}});
            }
        }
    } else if (action == "rotate" && post) {
        const nlohmann::json body = control_body(request);
        std::lock_guard lock(account_.mutex());
        nlohmann::json* endpoint = account_.store().find("webhook_endpoint", body.value("endpoint", ""));
        if (endpoint == nullptr)
            return control_error(404, "no webhook endpoint \"" + body.value("endpoint", "") + "\"");
        const std::int64_t keep = integer_member(body, "expires_in_seconds", 86'400);
        webhooks_.keep_previous_secret(endpoint->at("id"), endpoint->at("secret"), account_.now() + keep);
        (*endpoint)["secret"] = body.value("secret", "whsec_" + new_object_id("x").substr(2));
    } else if (action == "redeliver" && post) {
        const nlohmann::json body = control_body(request);
        std::vector<nlohmann::json> events;
        std::vector<WebhookTarget> targets;
        {
            std::lock_guard lock(account_.mutex());
            nlohmann::json ids = body.value("events", nlohmann::json::array());
            if (body.contains("event"))
                ids.push_back(body.at("event"));
            for (const auto& id : ids) {
                const nlohmann::json* event = account_.store().find("event", id.get<std::string>());
                if (event == nullptr)
                    return control_error(404, "no event \"" + id.get<std::string>() + "\"");
                events.push_back(*event);
            }
            targets = webhook_targets();
        }
        webhooks_.send(events, targets);
    } else if (action == "flush" && post) {
        webhooks_.flush();
    } else if (action == "verify" && post) {
        const nlohmann::json body = control_body(request);
        std::vector<std::string> secrets;
        if (body.contains("secret")) {
            secrets.push_back(body.at("secret").get<std::string>());
        } else {
            std::lock_guard lock(account_.mutex());
            for (const auto& target : webhook_targets()) {
                if (!body.contains("endpoint") || body.at("endpoint") == target.id) {
                    for (const auto& secret : webhooks_.secrets_for(target))
                        secrets.push_back(secret);
                }
            }
        }
        const auto check = verify_signature(body.value("header", ""), body.value("payload", ""), secrets,
                                            services_.clock.now_ms() / 1000,
                                            integer_member(body, "tolerance_seconds", 300));
        return control_ok({{"valid", check.valid}, {"reason", check.reason}, {"timestamp", check.timestamp}});
    } else if (!action.empty() || (request.method != "GET" && !post)) {
        return control_error(404, "no control endpoint " + request.method + " " + request.path +
                                      " (webhooks, webhooks/rotate, webhooks/redeliver, "
                                      "webhooks/flush, webhooks/verify)");
    }
    nlohmann::json out = webhooks_.to_json();
    {
        std::lock_guard lock(account_.mutex());
        out["endpoints"] = endpoints_json();
    }
    const nlohmann::json log = services_.webhooks.to_json("stripe");
    out["deliveries"] = log.at("deliveries");
    out["queued"] = log.at("queued");
    return control_ok(out);
}

}  // namespace ledgersync::sandbox::stripe
