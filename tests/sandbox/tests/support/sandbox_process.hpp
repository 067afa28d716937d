#pragma once
/// Integration-test helpers: the real `ledgersync-sandbox` process on port 0 and a small QBO
/// client over real HTTP, plus a webhook receiver that records what the sandbox delivers.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "http_request.hpp"
#include "temp_dir.hpp"

namespace ledgersync::sandbox::testing {

using ledgersync::testing::HttpResult;

/// A response with its body parsed exactly (amounts stay exact text).
struct QboResult {
    int status = 0;
    std::string body;
    nlohmann::json json;  ///< null when the body is not JSON
    std::map<std::string, std::string> headers;
    /// The header's value (names compared case-insensitively), "" when absent.
    std::string header(const std::string& name) const;
};

class SandboxProcess {
public:
    /// Starts the sandbox (`--seed default` unless `args` say otherwise) and waits for its
    /// ready file.
    explicit SandboxProcess(std::vector<std::string> args = {});
    ~SandboxProcess();

    /// The QBO API's URL ("" when the sandbox runs without it).
    const std::string& url() const { return url_; }
    /// The ready file: {"pid", "<api>": {"url", ...}} for each API served.
    const nlohmann::json& ready() const { return ready_; }
    const std::string& realm() const { return realm_; }
    const std::string& access_token() const { return access_token_; }
    /// A fresh token pair for `realm` through the control plane.
    nlohmann::json mint_tokens(const std::string& realm) const;
    /// Mints a token for the default realm and uses it for api().
    void authorize();

    /// A /v3/company/{realm}/<path> call with the bearer token.
    QboResult api(const std::string& method, const std::string& path_and_query,
                  const std::string& body = {},
                  const std::map<std::string, std::string>& headers = {}) const;
    QboResult api_for(const std::string& realm, const std::string& token, const std::string& method,
                      const std::string& path_and_query, const std::string& body = {}) const;
    /// Any path on the sandbox port.
    QboResult raw(const std::string& method, const std::string& path, const std::string& body = {},
                  const std::map<std::string, std::string>& headers = {}) const;
    /// A control-plane call that must succeed (200); returns its JSON.
    nlohmann::json control(const std::string& method, const std::string& path,
                           const nlohmann::json& body = nullptr) const;

    /// Creates an entity that must succeed; returns the entity (without the envelope).
    nlohmann::json create(const std::string& entity, const nlohmann::json& body) const;
    ledgersync::testing::ChildProcess& process() { return *process_; }

private:
    ledgersync::testing::TempDir dir_;
    std::unique_ptr<ledgersync::testing::ChildProcess> process_;
    nlohmann::json ready_;
    std::string url_;
    std::string realm_;
    std::string access_token_;
};

/// An HTTP server in the test process that records webhook deliveries and answers each with
/// the next status of a script (then 200).
class WebhookReceiver {
public:
    struct Delivery {
        std::string body;
        std::map<std::string, std::string> headers;
        int answered = 0;
    };

    explicit WebhookReceiver(std::vector<int> statuses = {});
    ~WebhookReceiver();
    std::string url() const;
    std::vector<Delivery> deliveries() const;
    /// Waits until at least `count` deliveries arrived.
    bool wait_for(std::size_t count, std::chrono::milliseconds timeout) const;

    struct State;

private:
    std::shared_ptr<State> state_;
    struct Server;
    std::unique_ptr<Server> server_;
};

/// Parses `text` with sdk::parse_json_exact; null when it is not JSON.
nlohmann::json parse_exact_or_null(const std::string& text);

}  // namespace ledgersync::sandbox::testing
