#include "stripe_sandbox.hpp"

#include <stdexcept>

#include <ledgersync/sdk/encoding.hpp>

#include "common/http_message.hpp"
#include "http_request.hpp"

namespace ledgersync::sandbox::testing {

std::string form_encode(const FormFields& fields) {
    std::string out;
    for (const auto& [key, value] : fields) {
        if (!out.empty())
            out += '&';
        out += sdk::percent_encode(key) + "=" + sdk::percent_encode(value);
    }
    return out;
}

StripeSandbox::StripeSandbox(bool rate_limits)
    : process_({"--shared-dir", LEDGERSYNC_SHARED_DIR, "--seed", "none"}) {
    url_ = process_.ready().at("stripe").at("url");
    if (!rate_limits)
        control("POST", "/__sandbox/stripe/rate_limits", {{"enabled", false}});
}

StripeResult StripeSandbox::get(const std::string& path_and_query,
                                const std::map<std::string, std::string>& headers) const {
    std::map<std::string, std::string> all = {{"Authorization", std::string("Bearer ") + kTestKey}};
    for (const auto& [k, v] : headers)
        all[k] = v;
    const auto r = ledgersync::testing::http_request("GET", url_ + path_and_query, "", all);
    return {r.status, r.body, parse_exact_or_null(r.body), r.headers};
}

StripeResult StripeSandbox::post(const std::string& path, const FormFields& fields,
                                 const std::map<std::string, std::string>& headers) const {
    std::map<std::string, std::string> all = {
        {"Authorization", std::string("Bearer ") + kTestKey},
        {"Content-Type", "application/x-www-form-urlencoded"}};
    for (const auto& [k, v] : headers)
        all[k] = v;
    const auto r = ledgersync::testing::http_request("POST", url_ + path, form_encode(fields), all);
    return {r.status, r.body, parse_exact_or_null(r.body), r.headers};
}

StripeResult StripeSandbox::del(const std::string& path) const {
    const auto r = ledgersync::testing::http_request(
        "DELETE", url_ + path, "", {{"Authorization", std::string("Bearer ") + kTestKey}});
    return {r.status, r.body, parse_exact_or_null(r.body), r.headers};
}

nlohmann::json StripeSandbox::control(const std::string& method, const std::string& path,
                                      const nlohmann::json& body) const {
    const auto r = ledgersync::testing::http_request(method, url_ + path,
                                                     body.is_null() ? "" : body.dump());
    if (r.status != 200)
        throw std::runtime_error(method + " " + path + " -> " + std::to_string(r.status) + ": " + r.body);
    return parse_exact_or_null(r.body);
}

nlohmann::json StripeSandbox::pay(std::int64_t amount, const std::string& currency,
                                  const FormFields& extra) const {
    FormFields fields = {{"amount", std::to_string(amount)},
                         {"currency", currency},
                         {"payment_method", "pm_card_visa"},
                         {"confirm", "true"},
                         {"expand[]", "latest_charge.balance_transaction"}};
    fields.insert(fields.end(), extra.begin(), extra.end());
    const StripeResult r = post("/v1/payment_intents", fields);
    if (r.status != 200)
        throw std::runtime_error("payment failed: " + r.body);
    return r.json;
}

}  // namespace ledgersync::sandbox::testing
