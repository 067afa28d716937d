#include "qbo_stub.hpp"

#include <stdexcept>

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>

namespace ledgersync::connectors::quickbooks::testing {

using nlohmann::json;

namespace {

const std::map<std::string, std::string> kEntities = {
    {"invoice", "Invoice"},   {"customer", "Customer"},           {"item", "Item"},
    {"payment", "Payment"},   {"refundreceipt", "RefundReceipt"}, {"creditmemo", "CreditMemo"},
    {"purchase", "Purchase"}, {"deposit", "Deposit"},           {"companyinfo", "CompanyInfo"}};

constexpr const char* kTime = "2026-11-18T10:00:00-08:00";

sdk::HttpResponse fault_response(int status, const json& fault) {
    return json_response(status, json{{"Fault", fault}, {"time", kTime}}.dump());
}

sdk::Decimal invoice_total(const json& invoice) {
    sdk::Decimal total;
    if (!invoice.contains("Line")) return total;
    for (const auto& line : invoice["Line"]) {
        const std::string type = line.value("DetailType", "");
        const sdk::Decimal amount = line.contains("Amount") ? sdk::Decimal::from_json(line["Amount"]) : sdk::Decimal();
        if (type == "SalesItemLineDetail") total += amount;
        if (type == "DiscountLineDetail") total -= amount;
    }
    return total;
}

}  // namespace

json fault_object(const std::string& code, const std::string& message, const std::string& detail) {
    return {{"Error", json::array({{{"Message", message}, {"Detail", detail}, {"code", code}, {"element", ""}}})},
            {"type", "ValidationFault"}};
}

QboStub::QboStub(FakeHost& host) : host_(host) {
    const std::string seed = sdk::hex_encode(sdk::sha256("rt-0"));
    host.state["oauth/refresh_token"] = {json{{"refresh_token", "rt-1"}, {"seed", seed}}.dump(), true};
    host.state["oauth/access_token"] = {
        json{{"access_token", "at-1"}, {"expires_at_ms", host.now_ms + 3'000'000}, {"seed", seed}}.dump(), true};
    host.on_http([this](const sdk::HttpRequest& request) { return handle(request); });
    entities["CompanyInfo/123"] = {{"Id", "123"}, {"CompanyName", "Stub Company"}, {"SyncToken", "0"}};
}

void QboStub::put(const std::string& entity, json body) {
    if (!body.contains("SyncToken")) body["SyncToken"] = "0";
    if (!body.contains("MetaData")) body["MetaData"] = {{"CreateTime", kTime}, {"LastUpdatedTime", kTime}};
    const std::string id = body["Id"];
    entities[entity + "/" + id] = std::move(body);
    if (std::stoi(id) >= std::stoi(next_id_)) next_id_ = std::to_string(std::stoi(id) + 1);
}

std::size_t QboStub::count(const std::string& entity) const {
    std::size_t n = 0;
    for (const auto& [key, value] : entities) {
        if (key.rfind(entity + "/", 0) == 0) ++n;
    }
    return n;
}

json QboStub::apply(const std::string& entity, const std::string& operation, bool include_void, json body) {
    if (fault) {
        if (auto f = fault(entity, body)) return json{{"Fault", *f}};
    }
    if (!body.contains("Id")) {
        body["Id"] = next_id_;
        next_id_ = std::to_string(std::stoi(next_id_) + 1);
        body["SyncToken"] = "0";
        body["MetaData"] = {{"CreateTime", kTime}, {"LastUpdatedTime", kTime}};
        if (entity == "Invoice") {
            body["TotalAmt"] = invoice_total(body).to_string();
            body["Balance"] = body["TotalAmt"];
        }
        if (adjust) adjust(entity, body);
        entities[entity + "/" + body["Id"].get<std::string>()] = body;
        return body;
    }
    const std::string key = entity + "/" + body["Id"].get<std::string>();
    auto it = entities.find(key);
    if (it == entities.end()) return json{{"Fault", fault_object("610", "Object Not Found", "Another user has deleted this transaction.")}};
    json& stored = it->second;
    if (body.value("SyncToken", "") != stored.value("SyncToken", "")) {
        return json{{"Fault", fault_object("5010", "Stale Object Error",
                                           "Stale Object Error : You and root were working on this at the same time.")}};
    }
    if (operation == "void" || include_void) {
        stored["TotalAmt"] = "0";
        stored["PrivateNote"] = "Voided";
    } else {
        for (auto member = body.begin(); member != body.end(); ++member) {
            if (member.key() != "sparse") stored[member.key()] = member.value();
        }
        if (entity == "Invoice") stored["TotalAmt"] = invoice_total(stored).to_string();
        if (adjust) adjust(entity, stored);
    }
    stored["SyncToken"] = std::to_string(std::stoi(stored["SyncToken"].get<std::string>()) + 1);
    return stored;
}

json QboStub::query(const std::string& sql) {
    // SELECT * FROM <Entity> WHERE <Member> = '<value>'
    const auto from = sql.find("FROM ") + 5;
    const std::string entity = sql.substr(from, sql.find(' ', from) - from);
    const auto where = sql.find("WHERE ") + 6;
    const std::string member = sql.substr(where, sql.find(' ', where) - where);
    const auto quote = sql.find('\'');
    const std::string value = sql.substr(quote + 1, sql.rfind('\'') - quote - 1);
    json rows = json::array();
    for (const auto& [key, stored] : entities) {
        if (key.rfind(entity + "/", 0) == 0 && stored.value(member, "") == value) rows.push_back(stored);
    }
    if (rows.empty()) return json::object();
    return json{{entity, rows}, {"startPosition", 1}, {"maxResults", rows.size()}};
}

sdk::HttpResponse QboStub::handle(const sdk::HttpRequest& request) {
    const std::string path = url_path(request.url);
    if (path == "/oauth2/v1/tokens/bearer") {
        return json_response(200, R"({"token_type":"bearer","access_token":"at-2","refresh_token":"rt-2","expires_in":3600})");
    }
    if (request.method == "GET" && path == "/v3/company/123/preferences") {
        ++preference_reads;
        return json_response(200, json{{"Preferences", preferences}, {"time", kTime}}.dump());
    }
    calls.push_back(request.method + " " + path);
    if (next_response) {
        sdk::HttpResponse response = *next_response;
        next_response.reset();
        return response;
    }
    if (drop_before > 0) {
        --drop_before;
        throw sdk::Error(sdk::Outcome::transient("connection reset by peer"));
    }
    const std::string prefix = "/v3/company/123/";
    if (path.rfind(prefix, 0) != 0) throw std::logic_error("unexpected path " + path);
    const std::string rest = path.substr(prefix.size());
    const std::string requestid = query_parameter(request.url, "requestid");

    sdk::HttpResponse response;
    if (request.method == "POST" && !requestid.empty() && replay.count(requestid)) {
        response = json_response(200, replay[requestid]);
        response.status = sdk::parse_json_exact(replay[requestid]).contains("Fault") ? 400 : 200;
    } else if (request.method == "GET" && rest == "exchangerate") {
        response = json_response(200, json{{"ExchangeRate", {{"SourceCurrencyCode", query_parameter(request.url, "sourcecurrencycode")},
                                                             {"TargetCurrencyCode", "USD"},
                                                             {"Rate", "1.0825"},
                                                             {"AsOfDate", query_parameter(request.url, "asofdate")}}},
                                           {"time", kTime}}
                                          .dump());
    } else if (request.method == "GET" && rest == "query") {
        response = json_response(200, json{{"QueryResponse", query(query_parameter(request.url, "query"))}, {"time", kTime}}.dump());
    } else if (request.method == "GET") {
        const auto slash = rest.find('/');
        const std::string entity = kEntities.at(rest.substr(0, slash));
        const auto it = entities.find(entity + "/" + rest.substr(slash + 1));
        if (it == entities.end()) {
            response = fault_response(400, fault_object("610", "Object Not Found", "Object Not Found"));
        } else {
            response = json_response(200, json{{entity, it->second}, {"time", kTime}}.dump());
        }
    } else if (rest == "batch") {
        const json body = sdk::parse_json_exact(request.body);
        json answers = json::array();
        for (const auto& item : body["BatchItemRequest"]) {
            json answer{{"bId", item["bId"]}};
            for (const auto& [path_name, entity] : kEntities) {
                if (!item.contains(entity)) continue;
                json result = apply(entity, item.value("operation", ""), item.value("optionsData", "") == "void", item[entity]);
                if (result.contains("Fault")) answer["Fault"] = result["Fault"];
                else answer[entity] = result;
            }
            answers.push_back(answer);
        }
        response = json_response(200, json{{"BatchItemResponse", answers}, {"time", kTime}}.dump());
    } else {
        const std::string entity = kEntities.at(rest);
        const json result = apply(entity, query_parameter(request.url, "operation"), query_parameter(request.url, "include") == "void",
                                  sdk::parse_json_exact(request.body));
        if (result.contains("Fault")) {
            response = fault_response(400, result["Fault"]);
        } else {
            response = json_response(200, json{{entity, result}, {"time", kTime}}.dump());
        }
    }
    if (request.method == "POST" && !requestid.empty() && !replay.count(requestid)) replay[requestid] = response.body;
    if (drop_after_commit > 0) {
        --drop_after_commit;
        throw sdk::Error(sdk::Outcome::transient("the connection closed before the response arrived"));
    }
    return response;
}

}  // namespace ledgersync::connectors::quickbooks::testing
