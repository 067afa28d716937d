#pragma once
// The `ledgersync-sandbox` process serving only its Stripe emulator, and the few Stripe calls
// the payment tests make (form-encoded bodies, the sandbox's test secret key) and its control
// plane (/__sandbox/stripe/...): the payment tests' counterpart of qbo_sandbox.hpp.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "http_request.hpp"
#include "temp_dir.hpp"

namespace ledgersync::testing {

class StripeEmulator {
public:
    /// The sandbox's test-mode secret key.
    static constexpr const char* kTestKey = "sk_test_ledgersync_sandbox";
    using Fields = std::vector<std::pair<std::string, std::string>>;

    /// Starts the sandbox (no seeded company or account) with Stripe's rate limits off.
    StripeEmulator();
    ~StripeEmulator();
    StripeEmulator(const StripeEmulator&) = delete;
    StripeEmulator& operator=(const StripeEmulator&) = delete;

    const std::string& url() const noexcept { return url_; }
    /// A Stripe API call with the test key; {status, body parsed exactly (null when not JSON)}.
    std::pair<int, nlohmann::json> get(const std::string& path_and_query) const;
    std::pair<int, nlohmann::json> post(const std::string& path, const Fields& fields) const;
    /// A control-plane call that must answer 200; its JSON.
    nlohmann::json control(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr) const;

private:
    TempDir dir_;
    std::unique_ptr<ChildProcess> process_;
    std::string url_;
};

}  // namespace ledgersync::testing
