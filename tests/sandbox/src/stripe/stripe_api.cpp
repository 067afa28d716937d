#include "stripe/stripe_api.hpp"

#include <chrono>
#include <iterator>
#include <sstream>
#include <thread>

#include <ledgersync/sdk/encoding.hpp>
#include <Poco/Exception.h>

#include "common/random_token.hpp"
#include "common/sandbox_clock.hpp"
#include "common/webhook_dispatcher.hpp"
#include "stripe/customers.hpp"
#include "stripe/disputes.hpp"
#include "stripe/form_decoder.hpp"
#include "stripe/list_pager.hpp"
#include "stripe/payments.hpp"
#include "stripe/payouts.hpp"
#include "stripe/refunds.hpp"
#include "stripe/stripe_call.hpp"
#include "stripe/stripe_error.hpp"
#include "stripe/stripe_json.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

// Disputes are not in the spec subset (only the older /v1/charges/{charge}/dispute paths
// are); these are their paths, with the parameters Stripe documents for them. Updating and
// closing take the same parameters as the charge-scoped forms, so those schemas are reused.
struct LocalOperation {
    const char* method;
    const char* path_template;
    const char* schema_from;  ///< a spec operation with the same parameters, or nullptr
};
constexpr LocalOperation kLocalOperations[] = {
    {"GET", "/v1/disputes", nullptr},
    {"GET", "/v1/disputes/{dispute}", "GET /v1/charges/x/dispute"},
    {"POST", "/v1/disputes/{dispute}", "POST /v1/charges/x/dispute"},
    {"POST", "/v1/disputes/{dispute}/close", "POST /v1/charges/x/dispute/close"},
};

nlohmann::json dispute_list_schema() {
    const nlohmann::json range = {
        {"anyOf",
         {{{"type", "object"},
           {"properties", {{"gt", {{"type", "integer"}}}, {"gte", {{"type", "integer"}}}, {"lt", {{"type", "integer"}}}, {"lte", {{"type", "integer"}}}}}},
          {{"type", "integer"}}}}};
    return {{"type", "object"},
            {"additionalProperties", false},
            {"properties",
             {{"charge", {{"type", "string"}, {"maxLength", 5000}}},
              {"payment_intent", {{"type", "string"}, {"maxLength", 5000}}},
              {"created", range},
              {"ending_before", {{"type", "string"}, {"maxLength", 5000}}},
              {"starting_after", {{"type", "string"}, {"maxLength", 5000}}},
              {"limit", {{"type", "integer"}}},
              {"expand", {{"type", "array"}, {"items", {{"type", "string"}, {"maxLength", 5000}}}}}}}};
}

// The endpoint family a request counts under: "charges", "payment_intents", ...
std::string family_of(const std::string& path) {
    const auto parts = split_path(path);
    if (parts.size() < 2 || parts[0] != "v1")
        return "other";
    return parts[1];
}

// "Basic base64(key:)": the key is the user name (stripe.md §1.1).
bool decode_basic_key(const std::string& credentials, std::string& key) {
    const auto decoded = sdk::base64_decode(credentials);
    if (!decoded) return false;
    key = decoded->substr(0, decoded->find(':'));
    return true;
}

// The API key of a request and its mode; throws a 401 StripeError when there is no valid key.
// A restricted key is valid once it was created (RestrictedKeys), as at Stripe.
struct ApiKey {
    std::string key;
    bool livemode = false;
    bool restricted = false;
};

ApiKey authenticate(const HttpRequest& request, const RestrictedKeys& restricted_keys) {
    const std::string header = request.header("Authorization");
    std::string key;
    if (header.rfind("Bearer ", 0) == 0) {
        key = header.substr(7);
    } else if (header.rfind("Basic ", 0) == 0) {
        if (!decode_basic_key(header.substr(6), key))
            key.clear();
    }
    while (!key.empty() && key.back() == ' ')
        key.pop_back();
    if (header.empty() || key.empty()) {
        throw errors::authentication(
            "You did not provide an API key. You need to provide your API key in the "
            "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
            "YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or "
            "we can help at https://support.stripe.com/.");
    }
    for (const char* prefix : {"sk_test_", "sk_live_"}) {
        if (key.rfind(prefix, 0) == 0 && key.size() > std::string(prefix).size())
            return {key, std::string(prefix) == "sk_live_", false};
    }
    if (restricted_keys.knows(key))
        return {key, key.rfind("rk_live_", 0) == 0, true};
    const std::string shown = key.size() > 4 ? key.substr(0, key.find('_', 3) + 1) + "*********" +
                                                   key.substr(key.size() - 4)
                                             : std::string("****");
    throw errors::authentication("Invalid API Key provided: " + shown);
}

}  // namespace

StripeApi::StripeApi(SandboxServices services, std::shared_ptr<const StripeSpec> spec)
    : services_(services),
      spec_(std::move(spec)),
      validator_(*spec_),
      account_(services.clock),
      webhooks_(services.webhooks, services.clock) {}

void StripeApi::reset() {
    {
        std::lock_guard lock(account_.mutex());
        account_.reset();
    }
    limiter_.reset();
    idempotency_.clear();
    restricted_keys_.clear();
    webhooks_.reset();
    services_.webhooks.clear("stripe");
    lock_timeouts_left_ = 0;
    std::lock_guard lock(counters_mutex_);
    family_counts_.clear();
    endpoint_counts_.clear();
    status_counts_.clear();
    total_count_ = 0;
}

nlohmann::json StripeApi::ready_info() const {
    return {{"api_version", kApiVersion},
            {"account", StripeAccount::kAccountId},
            {"secret_key", "sk_test_ledgersync_sandbox"},
            {"spec_operations", spec_->operation_count()}};
}

RequestFacts StripeApi::describe(const HttpRequest& request) const {
    RequestFacts facts;
    facts.realm = StripeAccount::kAccountId;
    facts.requestid = request.header("Idempotency-Key");
    std::string path_template = request.path;
    if (const SpecOperation* operation = spec_->find(request.method, request.path)) {
        path_template = operation->path_template;
    } else {
        std::map<std::string, std::string> values;
        for (const auto& local : kLocalOperations) {
            if (request.method == local.method && match_path_template(local.path_template, request.path, values))
                path_template = local.path_template;
        }
    }
    facts.endpoint = request.method + " " + path_template;
    count(family_of(request.path), facts.endpoint, 0);
    return facts;
}

void StripeApi::count(const std::string& family, const std::string& endpoint, int status) const {
    std::lock_guard lock(counters_mutex_);
    if (status == 0) {
        ++total_count_;
        ++family_counts_[family];
        ++endpoint_counts_[endpoint];
    } else {
        ++status_counts_[std::to_string(status)];
    }
}

nlohmann::json StripeApi::counters_json() const {
    std::lock_guard lock(counters_mutex_);
    return {{"total", total_count_},
            {"by_family", family_counts_},
            {"by_endpoint", endpoint_counts_},
            {"by_status", status_counts_}};
}

HttpResponse StripeApi::json_response(int status, const nlohmann::json& body,
                                      const std::string& request_id) const {
    HttpResponse response = HttpResponse::json(status, render_stripe_json(body));
    response.content_type = "application/json";
    response.headers["Request-Id"] = request_id;
    response.headers["Stripe-Version"] = kApiVersion;
    response.headers["Cache-Control"] = "no-cache, no-store";
    return response;
}

HttpResponse StripeApi::error_response(const StripeError& error, const std::string& request_id) const {
    HttpResponse response = json_response(error.status(), error.to_json(request_id), request_id);
    if (error.should_retry())
        response.headers["Stripe-Should-Retry"] = *error.should_retry() ? "true" : "false";
    return response;
}

HttpResponse StripeApi::injected_error(int status) const {
    const std::string request_id = "req_" + random_alphanumeric(14);
    if (status == 429)
        return error_response(errors::rate_limited(), request_id);
    if (status >= 500)
        return error_response(errors::api_error(status, "An unknown error occurred (injected by "
                                                        "the sandbox's fault plan)."),
                              request_id);
    return error_response(StripeError(status, "invalid_request_error", "",
                                      "Injected by the sandbox's fault plan."),
                          request_id);
}

HttpResponse StripeApi::handle(const HttpRequest& request, RequestFacts& facts) {
    const std::string request_id = "req_" + random_alphanumeric(14);
    HttpResponse response;
    try {
        response = process(request, facts, request_id);
    } catch (const StripeError& error) {
        response = error_response(error, request_id);
    } catch (const std::exception& e) {
        response = error_response(errors::api_error(500, std::string("Sandbox error: ") + e.what()),
                                  request_id);
    }
    if (!facts.requestid.empty())
        response.headers["Idempotency-Key"] = facts.requestid;
    count("", "", response.status);
    return response;
}

HttpResponse StripeApi::process(const HttpRequest& request, RequestFacts& facts,
                                const std::string& request_id) {
    StripeCall call;
    call.method = request.method;
    call.path = request.path;
    call.request_id = request_id;
    const ApiKey api_key = authenticate(request, restricted_keys_);
    call.livemode = api_key.livemode;

    nlohmann::json schema;
    if (const SpecOperation* operation = spec_->find(request.method, request.path)) {
        call.path_template = operation->path_template;
        match_path_template(call.path_template, call.path, call.path_values);
        schema = operation->parameters_schema;
    } else {
        for (const auto& local : kLocalOperations) {
            if (request.method == local.method &&
                match_path_template(local.path_template, request.path, call.path_values)) {
                call.path_template = local.path_template;
                if (local.schema_from == nullptr) {
                    schema = dispute_list_schema();
                } else {
                    const std::string from = local.schema_from;
                    const auto space = from.find(' ');
                    schema = spec_->find(from.substr(0, space), from.substr(space + 1))->parameters_schema;
                }
            }
        }
    }
    if (call.path_template.empty())
        throw errors::unrecognized_url(request.method, request.path_with_query());
    if (api_key.restricted)
        restricted_keys_.authorize(api_key.key, request.method, call.path_template);

    const bool write = request.method != "GET";
    if (!limiter_.admit(call.livemode, write)) {
        facts.throttled = true;
        throw errors::rate_limited();
    }
    if (write) {
        std::int64_t left = lock_timeouts_left_.load();
        while (left > 0 && !lock_timeouts_left_.compare_exchange_weak(left, left - 1)) {
        }
        if (left > 0)
            throw errors::lock_timeout();
    }

    // Parameters: the query string, and for POST the form body (Stripe reads both).
    nlohmann::json raw = decode_form_parameters(request.query);
    if (request.method == "POST" && !request.body.empty()) {
        const nlohmann::json body = decode_form_parameters(parse_url_encoded(request.body));
        for (auto it = body.begin(); it != body.end(); ++it)
            raw[it.key()] = it.value();
    }
    call.params = validator_.validate(schema, raw);
    call.expand = expand_paths(call.params);

    // Idempotency: only POSTs, as Stripe (GET and DELETE are idempotent by definition).
    const std::string key = request.method == "POST" ? facts.requestid : std::string();
    if (key.size() > 255) {
        throw errors::invalid_request("Idempotency-Key must be at most 255 characters long.",
                                      "Idempotency-Key");
    }
    const std::string scope = call.livemode ? "live" : "test";
    if (!key.empty()) {
        const auto claim = idempotency_.claim(scope, key, request.path, raw.dump(),
                                              services_.clock.now_ms());
        if (claim.kind == IdempotencyStore::Claim::Kind::replay) {
            facts.replayed = true;
            HttpResponse replay = claim.stored;
            replay.headers["Request-Id"] = request_id;
            replay.headers["Idempotent-Replayed"] = "true";
            return replay;
        }
        call.idempotency_key = key;
    }
    if (facts.latency_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(facts.latency_ms));

    HttpResponse response;
    bool store = true;
    try {
        nlohmann::json result;
        {
            std::lock_guard lock(account_.mutex());
            run_automatic_payouts(account_);
            account_.set_request_context({request_id, key, call.livemode});
            try {
                result = execute(call);
            } catch (...) {
                account_.set_request_context({});
                throw;
            }
            account_.set_request_context({});
        }
        response = json_response(call.status, result, request_id);
    } catch (const StripeError& error) {
        response = error_response(error, request_id);
        store = error.stored_for_idempotency();
    } catch (const std::exception& e) {
        response = error_response(errors::api_error(500, std::string("Sandbox error: ") + e.what()),
                                  request_id);
    }
    deliver_outbox();
    if (!key.empty()) {
        if (store) {
            idempotency_.complete(scope, key, response);
        } else {
            idempotency_.release(scope, key);
        }
    }
    return response;
}

std::vector<WebhookTarget> StripeApi::webhook_targets() const {
    std::vector<WebhookTarget> targets;
    for (const auto& [key, id] : account_.store().ordered("webhook_endpoint")) {
        const nlohmann::json* endpoint = account_.store().find(id);
        if (endpoint == nullptr || endpoint->value("status", "") != "enabled")
            continue;
        WebhookTarget target;
        target.id = id;
        target.url = endpoint->value("url", "");
        target.secret = endpoint->value("secret", "");
        for (const auto& type : endpoint->value("enabled_events", nlohmann::json::array()))
            target.enabled_events.push_back(type.get<std::string>());
        targets.push_back(std::move(target));
    }
    return targets;
}

void StripeApi::deliver_outbox() {
    std::vector<nlohmann::json> events;
    std::vector<WebhookTarget> targets;
    {
        std::lock_guard lock(account_.mutex());
        events = account_.take_outbox();
        if (events.empty())
            return;
        targets = webhook_targets();
    }
    webhooks_.send(events, targets);
}

std::size_t StripeApi::catch_up() {
    std::size_t created = 0;
    {
        std::lock_guard lock(account_.mutex());
        created = run_automatic_payouts(account_);
    }
    deliver_outbox();
    return created;
}

nlohmann::json StripeApi::list(StripeCall& call, const std::string& type,
                               const ObjectStore::Predicate& filter, const std::string& url) {
    const ListPager pager(call.params);
    const ListPage page = pager.page(account_.store(), type, filter);
    nlohmann::json data = nlohmann::json::array();
    for (const nlohmann::json* object : page.data)
        data.push_back(account_.render(*object));
    const Expander expander(*spec_, account_);
    data = expander.expand_list(std::move(data), call.expand);
    call.expand.clear();  // applied to the elements already
    return list_envelope(url, page.has_more, std::move(data));
}

}  // namespace ledgersync::sandbox::stripe
