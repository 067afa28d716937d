#include "client.hpp"

#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

namespace ledgersync::connectors::stripe {

using nlohmann::json;

std::string encode_parameters(const StripeParameters& parameters) {
    std::string text;
    for (const auto& [name, value] : parameters) {
        if (!text.empty()) text += '&';
        text += sdk::form_urlencode(name) + "=" + sdk::form_urlencode(value);
    }
    return text;
}

StripeClient::StripeClient(sdk::HostServices host, const StripeConfig& config)
    : host_(host), config_(config), credentials_(host, config) {}

sdk::HttpRequest StripeClient::to_http(const std::string& method, const std::string& path, const StripeParameters& parameters,
                                       const std::string& idempotency_key) const {
    sdk::HttpRequest http;
    http.method = method;
    http.url = config_.api_base_url + path;
    const std::string encoded = encode_parameters(parameters);
    http.headers = {{"Authorization", "Bearer " + config_.api_key}, {"Stripe-Version", config_.stripe_version},
                    {"Accept", "application/json"}};
    if (method == "GET") {
        if (!encoded.empty()) http.url += "?" + encoded;
        http.budget = "read";
    } else {
        http.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        http.body = encoded;
        http.budget = "write";
        if (!idempotency_key.empty()) http.headers.emplace_back("Idempotency-Key", idempotency_key);
    }
    http.timeout = std::chrono::seconds(config_.limits.request_timeout_seconds);
    return http;
}

sdk::HttpResponse StripeClient::exchange(const sdk::HttpRequest& request) {
    credentials_.ensure_masked();
    sdk::HttpResponse response = host_.http(request);
    if (response.status == 429) host_.count("stripe_throttled_total", 1, "budget=" + request.budget);
    return response;
}

json StripeClient::body_of(const sdk::HttpResponse& response, const CallContext& context) const {
    if (response.status < 200 || response.status >= 300) throw sdk::Error(classify_response(response, context));
    try {
        return sdk::parse_json_exact(response.body);
    } catch (const sdk::JsonParseError& e) {
        throw sdk::Error(sdk::Outcome::transient("Stripe answered " + context.action + " " + context.object +
                                                 " with a body that is not JSON: " + e.what()));
    }
}

std::optional<json> StripeClient::send(const sdk::HttpRequest& request, const CallContext& context, bool missing_is_empty) {
    const sdk::HttpResponse response = exchange(request);
    if (response.status == 404 && missing_is_empty) return std::nullopt;
    return body_of(response, context);
}

std::variant<json, StripeError> StripeClient::get_unless_forbidden(const std::string& path, const StripeParameters& parameters,
                                                                   const CallContext& context) {
    const sdk::HttpResponse response = exchange(to_http("GET", path, parameters, {}));
    if (response.status == 403) {
        if (auto refusal = parse_stripe_error(response.body)) return *refusal;
        return StripeError{"", "", "HTTP 403" + (response.body.empty() ? std::string() : ": " + response.body.substr(0, 300)), "", ""};
    }
    return body_of(response, context);
}

json StripeClient::get(const std::string& path, const StripeParameters& parameters, const CallContext& context) {
    return *send(to_http("GET", path, parameters, {}), context, false);
}

std::optional<json> StripeClient::get_if_exists(const std::string& path, const StripeParameters& parameters, const CallContext& context) {
    return send(to_http("GET", path, parameters, {}), context, true);
}

json StripeClient::post(const std::string& path, const StripeParameters& parameters, const std::string& idempotency_key,
                        const CallContext& context) {
    return *send(to_http("POST", path, parameters, idempotency_key), context, false);
}

ListPage StripeClient::to_page(json document, const CallContext& context) const {
    const auto data = document.find("data");
    if (!document.is_object() || data == document.end() || !data->is_array()) {
        throw sdk::Error(sdk::Outcome::transient("Stripe answered " + context.action + " " + context.object + " without a list"));
    }
    ListPage page;
    page.has_more = document.value("has_more", false);
    page.data = std::move(*data);
    return page;
}

ListPage StripeClient::list(const std::string& path, const StripeParameters& parameters, const CallContext& context) {
    return to_page(get(path, parameters, context), context);
}

std::optional<ListPage> StripeClient::list_if_exists(const std::string& path, const StripeParameters& parameters,
                                                     const CallContext& context) {
    auto document = get_if_exists(path, parameters, context);
    if (!document) return std::nullopt;
    return to_page(std::move(*document), context);
}

}  // namespace ledgersync::connectors::stripe
