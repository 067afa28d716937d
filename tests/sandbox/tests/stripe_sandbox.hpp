#pragma once
/// The real `ledgersync-sandbox` process with its Stripe emulator, and a small Stripe client
/// over real HTTP (form-encoded bodies, Bearer secret key) for the Stripe tests.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/sandbox_process.hpp"

namespace ledgersync::sandbox::testing {

using StripeResult = QboResult;
using FormFields = std::vector<std::pair<std::string, std::string>>;

/// "a=1&b%5Bc%5D=2": fields percent-encoded in order.
std::string form_encode(const FormFields& fields);

class StripeSandbox {
public:
    static constexpr const char* kTestKey = "sk_test_ledgersync_sandbox";

    /// Starts the sandbox; rate limits are switched off unless `rate_limits` (tests of other
    /// rules would otherwise trip over Stripe's 25 requests a second in test mode).
    explicit StripeSandbox(bool rate_limits = false);

    const std::string& url() const { return url_; }
    StripeResult get(const std::string& path_and_query,
                     const std::map<std::string, std::string>& headers = {}) const;
    StripeResult post(const std::string& path, const FormFields& fields = {},
                      const std::map<std::string, std::string>& headers = {}) const;
    StripeResult del(const std::string& path) const;
    /// A control-plane call that must answer 200; returns its JSON.
    nlohmann::json control(const std::string& method, const std::string& path,
                           const nlohmann::json& body = nullptr) const;
    /// Creates and confirms a payment intent that must succeed; returns it with its charge
    /// and balance transaction expanded.
    nlohmann::json pay(std::int64_t amount, const std::string& currency = "usd",
                       const FormFields& extra = {}) const;
    SandboxProcess& process() { return process_; }

private:
    SandboxProcess process_;
    std::string url_;
};

}  // namespace ledgersync::sandbox::testing
