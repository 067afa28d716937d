#include "client.hpp"

#include <ledgersync/sdk/json.hpp>

#include "encoding.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;

QboClient::QboClient(sdk::HostServices host, const QboConfig& config) : host_(host), config_(config), tokens_(host, config) {}

sdk::HttpRequest QboClient::to_http(const ApiRequest& request, const std::string& token) const {
    sdk::HttpRequest http;
    http.method = request.method;
    std::string url = config_.endpoints.api_base_url + "/v3/company/" + config_.realm_id + "/" + request.path;
    std::string query;
    for (const auto& [name, value] : request.parameters) {
        query += (query.empty() ? "" : "&") + percent_encode(name) + "=" + percent_encode(value);
    }
    query += (query.empty() ? "" : "&") + std::string("minorversion=") + std::to_string(config_.minorversion);
    if (!request.requestid.empty()) query += "&requestid=" + percent_encode(request.requestid);
    http.url = url + "?" + query;
    http.headers = {{"Authorization", "Bearer " + token}, {"Accept", request.accept}};
    if (!request.body.empty() || request.method == "POST") http.headers.emplace_back("Content-Type", request.content_type);
    http.body = request.body;
    http.timeout = std::chrono::seconds(config_.limits.request_timeout_seconds);
    http.budget = request.budget;
    http.cost = request.cost;
    return http;
}

sdk::HttpResponse QboClient::call(const ApiRequest& request) {
    std::string token = tokens_.access_token();
    sdk::HttpResponse response = host_.http(to_http(request, token));
    if (response.status == 401 || response.status == 403 || response.status == 400) {
        const auto fault = parse_fault(response.body);
        if (is_token_rejection(fault, response.status)) {
            host_.count("qbo_token_rejections_total");
            token = tokens_.refresh_after_rejection(token);
            response = host_.http(to_http(request, token));
        }
    }
    if (response.status == 429) host_.count("qbo_throttled_total");
    return response;
}

json QboClient::expect_json(const sdk::HttpResponse& response, const FaultContext& context) const {
    if (response.status < 200 || response.status >= 300) {
        throw sdk::Error(classify_response(response.status, response.body, context, response.retry_after));
    }
    json document;
    try {
        document = sdk::parse_json_exact(response.body);
    } catch (const sdk::JsonParseError& e) {
        throw sdk::Error(sdk::Outcome::transient("QuickBooks answered " + context.action + " " + context.object +
                                                 " with a body that is not JSON: " + e.what()));
    }
    // A fault inside a 200 (QBO does that for some validation errors).
    if (document.is_object() && (document.contains("Fault") || document.contains("fault"))) {
        throw sdk::Error(classify_response(400, response.body, context, response.retry_after));
    }
    return document;
}

json QboClient::get_entity(const std::string& entity, const std::string& path, const FaultContext& context) {
    ApiRequest request;
    request.path = path;
    const json document = expect_json(call(request), context);
    const auto it = document.find(entity);
    if (it == document.end() || !it->is_object()) {
        throw sdk::Error(sdk::Outcome::transient("QuickBooks answered " + context.action + " " + context.object +
                                                 " without a " + entity + " object"));
    }
    return *it;
}

json QboClient::read_entity(const std::string& entity, const std::string& path, const std::string& id, const FaultContext& context) {
    return get_entity(entity, path + "/" + percent_encode(id), context);
}

std::pair<json, std::string> QboClient::query(const std::string& sql, const FaultContext& context) {
    ApiRequest request;
    request.path = "query";
    request.parameters = {{"query", sql}};
    json document = expect_json(call(request), context);
    const std::string time = document.value("time", std::string{});
    json result = document.contains("QueryResponse") && document["QueryResponse"].is_object() ? document["QueryResponse"]
                                                                                              : json::object();
    return {std::move(result), time};
}

std::pair<json, std::string> QboClient::change_data_capture(const std::vector<std::string>& entities, const std::string& since) {
    std::string list;
    for (const auto& e : entities) list += (list.empty() ? "" : ",") + e;
    ApiRequest request;
    request.path = "cdc";
    request.parameters = {{"entities", list}, {"changedSince", since}};
    const FaultContext context{"reading changes of", list + " since " + since, "", ""};
    json document = expect_json(call(request), context);
    const std::string time = document.value("time", std::string{});
    return {std::move(document), time};
}

std::string QboClient::pdf(const std::string& path, const std::string& id, const FaultContext& context) {
    ApiRequest request;
    request.path = path + "/" + percent_encode(id) + "/pdf";
    request.accept = "application/pdf";
    const sdk::HttpResponse response = call(request);
    if (response.status < 200 || response.status >= 300) {
        throw sdk::Error(classify_response(response.status, response.body, context, response.retry_after));
    }
    if (response.body.rfind("%PDF", 0) != 0) {
        throw sdk::Error(sdk::Outcome::transient("QuickBooks answered " + context.action + " " + context.object +
                                                 " with something that is not a PDF (" + response.header("Content-Type") + ")"));
    }
    return response.body;
}

json QboClient::company_info() {
    return read_entity("CompanyInfo", "companyinfo", config_.realm_id,
                       FaultContext{"reading", "the company information of realm " + config_.realm_id, "", "CompanyInfo"});
}

json QboClient::preferences() {
    return get_entity("Preferences", "preferences",
                      FaultContext{"reading", "the preferences of realm " + config_.realm_id, "", "Preferences"});
}

}  // namespace ledgersync::connectors::quickbooks
