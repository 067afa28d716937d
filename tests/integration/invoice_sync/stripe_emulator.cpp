#include "stripe_emulator.hpp"

#include <csignal>
#include <stdexcept>

#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

namespace ledgersync::testing {

using nlohmann::json;

namespace {

json exact_or_null(const std::string& text) {
    try {
        return sdk::parse_json_exact(text);
    } catch (const std::exception&) {
        return nullptr;
    }
}

}  // namespace

StripeEmulator::StripeEmulator() {
    const auto ready = dir_ / "ready.json";
    process_ = std::make_unique<ChildProcess>(
        LEDGERSYNC_SANDBOX_BINARY,
        std::vector<std::string>{"--shared-dir", LEDGERSYNC_SHARED_DIR, "--seed", "none", "--ready-file", ready.string()},
        dir_ / "sandbox.log");
    if (!wait_for_file(ready, std::chrono::seconds(30))) throw std::runtime_error("ledgersync-sandbox did not become ready: " + process_->log());
    url_ = json::parse(read_file(ready)).at("stripe").at("url");
    control("POST", "/__sandbox/stripe/rate_limits", {{"enabled", false}});
}

StripeEmulator::~StripeEmulator() {
    if (process_ && process_->running()) {
        process_->signal(SIGTERM);
        process_->wait(std::chrono::seconds(10));
    }
}

std::pair<int, json> StripeEmulator::get(const std::string& path_and_query) const {
    const HttpResult r = http_request("GET", url_ + path_and_query, "", {{"Authorization", std::string("Bearer ") + kTestKey}});
    return {r.status, exact_or_null(r.body)};
}

std::pair<int, json> StripeEmulator::post(const std::string& path, const Fields& fields) const {
    std::string form;
    for (const auto& [key, value] : fields) form += (form.empty() ? "" : "&") + sdk::percent_encode(key) + "=" + sdk::percent_encode(value);
    const HttpResult r = http_request("POST", url_ + path, form,
                                      {{"Authorization", std::string("Bearer ") + kTestKey},
                                       {"Content-Type", "application/x-www-form-urlencoded"}});
    return {r.status, exact_or_null(r.body)};
}

json StripeEmulator::control(const std::string& method, const std::string& path, const json& body) const {
    const HttpResult r = http_request(method, url_ + path, body.is_null() ? "" : body.dump(), {{"Content-Type", "application/json"}});
    if (r.status != 200) throw std::runtime_error(method + " " + path + " -> " + std::to_string(r.status) + ": " + r.body);
    return exact_or_null(r.body);
}

}  // namespace ledgersync::testing
