#include "qbo_sandbox.hpp"

#include <csignal>
#include <stdexcept>

#include <ledgersync/sdk/json.hpp>

#include "http_request.hpp"

namespace ledgersync::testing {

using nlohmann::json;

QboSandbox::QboSandbox() {
    const auto ready = dir_ / "ready.json";
    process_ = std::make_unique<ChildProcess>(LEDGERSYNC_SANDBOX_BINARY,
                                              std::vector<std::string>{"--qbo-port", "0", "--ready-file", ready.string()},
                                              dir_ / "sandbox.log");
    if (!wait_for_file(ready, std::chrono::seconds(30))) {
        throw std::runtime_error("ledgersync-sandbox did not become ready: " + process_->log());
    }
    const json info = json::parse(read_file(ready));
    url_ = info.at("qbo").at("url");
    realm_ = info.at("qbo").at("realm_id");
    client_id_ = info.at("qbo").at("client_id");
    client_secret_ = info.at("qbo").at("client_secret");
}

QboSandbox::~QboSandbox() {
    if (process_ && process_->running()) {
        process_->signal(SIGTERM);
        process_->wait(std::chrono::seconds(10));
    }
}

json QboSandbox::control(const std::string& method, const std::string& path, const json& body) const {
    const HttpResult result = http_request(method, url_ + path, body.is_null() ? std::string() : body.dump(),
                                           {{"Content-Type", "application/json"}});
    if (result.status < 200 || result.status >= 300) {
        throw std::runtime_error(method + " " + path + " answered " + std::to_string(result.status) + ": " + result.body);
    }
    return result.body.empty() ? json() : sdk::parse_json_exact(result.body);
}

json QboSandbox::mint_tokens() const { return control("POST", "/__sandbox/qbo/oauth/tokens", json::object()); }

json QboSandbox::connector_config(const json& extra) const {
    json config = {{"realm_id", realm_},
                   {"environment", {{"base_url", url_}}},
                   {"client_id", client_id_},
                   {"client_secret", client_secret_},
                   {"refresh_token", mint_tokens().at("refresh_token")}};
    config.update(extra);
    return config;
}

void QboSandbox::use_custom_transaction_numbers() const {
    control("POST", "/__sandbox/qbo/seed", {{"realm_id", realm_}, {"custom_txn_numbers", true}});
}

json QboSandbox::request_log(const std::string& realm) const {
    json all = json::array();
    std::int64_t after = 0;
    while (true) {
        const json page = control("GET", "/__sandbox/requests?after=" + std::to_string(after) + "&limit=1000&realm=" + (realm.empty() ? realm_ : realm));
        const json& requests = page.is_array() ? page : page.at("requests");
        if (requests.empty()) break;
        for (const auto& r : requests) {
            all.push_back(r);
            after = r.at("seq").get<std::int64_t>();
        }
        if (requests.size() < 1000) break;
    }
    return all;
}

json QboSandbox::entities(const std::string& entity) const {
    const json answer = control("GET", "/__sandbox/qbo/realms/" + realm_ + "/" + entity);
    if (answer.is_array()) return answer;
    if (answer.contains(entity)) return answer.at(entity);
    if (answer.contains("entities")) return answer.at("entities");
    return answer;
}

sdk::Decimal QboSandbox::account_balance(const std::string& id) const {
    const auto amount = [](const json& value) { return sdk::Decimal::from_json(value); };
    const auto is = [&](const json& entity, const char* ref) { return entity.contains(ref) && entity.at(ref).value("value", "") == id; };
    sdk::Decimal sum;
    for (const char* entity : {"Payment", "Deposit"}) {
        for (const auto& t : entities(entity)) {
            if (is(t, "DepositToAccountRef")) sum += amount(t.at("TotalAmt"));
        }
    }
    for (const auto& deposit : entities("Deposit")) {
        for (const auto& line : deposit.value("Line", json::array())) {
            if (line.contains("DepositLineDetail") && is(line.at("DepositLineDetail"), "AccountRef")) sum -= amount(line.at("Amount"));
        }
    }
    for (const auto& purchase : entities("Purchase")) {
        if (is(purchase, "AccountRef")) sum -= amount(purchase.at("TotalAmt"));
    }
    for (const auto& receipt : entities("RefundReceipt")) {
        if (is(receipt, "DepositToAccountRef")) sum -= amount(receipt.at("TotalAmt"));
    }
    for (const auto& transfer : entities("Transfer")) {
        if (is(transfer, "FromAccountRef")) sum -= amount(transfer.at("Amount"));
        if (is(transfer, "ToAccountRef")) sum += amount(transfer.at("Amount"));
    }
    return sum;
}

std::pair<int, json> QboSandbox::api(const std::string& method, const std::string& path, const std::string& body) const {
    if (user_token_.empty()) user_token_ = mint_tokens().at("access_token");
    const std::string separator = path.find('?') == std::string::npos ? "?" : "&";
    const HttpResult result =
        http_request(method, url_ + "/v3/company/" + realm_ + "/" + path + separator + "minorversion=75", body,
                     {{"Authorization", "Bearer " + user_token_}, {"Content-Type", "application/json"}, {"Accept", "application/json"}});
    return {result.status, result.body.empty() ? json() : sdk::parse_json_exact(result.body)};
}

}  // namespace ledgersync::testing
