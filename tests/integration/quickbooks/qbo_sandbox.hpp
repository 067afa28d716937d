#pragma once
// The real `ledgersync-sandbox` process for the QuickBooks integration tests, and its control
// plane as tests/sandbox/README.md documents it: seeding, OAuth tokens, faults, throttling,
// counters, the request log and webhook delivery.

#include <memory>
#include <string>

#include <ledgersync/sdk/decimal.hpp>
#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "temp_dir.hpp"

namespace ledgersync::testing {

class QboSandbox {
public:
    /// Starts the sandbox on a free port with its default company and waits until it is ready.
    QboSandbox();
    ~QboSandbox();
    QboSandbox(const QboSandbox&) = delete;
    QboSandbox& operator=(const QboSandbox&) = delete;

    /// "http://127.0.0.1:PORT": the QBO API, its OAuth endpoints and the control plane.
    const std::string& url() const noexcept { return url_; }
    const std::string& realm() const noexcept { return realm_; }
    const std::string& client_id() const noexcept { return client_id_; }
    const std::string& client_secret() const noexcept { return client_secret_; }

    /// A control-plane call; the parsed answer. Fails the test (throws) on a non-2xx answer.
    nlohmann::json control(const std::string& method, const std::string& path,
                           const nlohmann::json& body = nlohmann::json()) const;

    /// A fresh token pair for the default realm ({"access_token", "refresh_token", ...}).
    nlohmann::json mint_tokens() const;
    /// A connector configuration for the default realm, starting from a freshly minted
    /// refresh token; `extra` is merged in.
    nlohmann::json connector_config(const nlohmann::json& extra = nlohmann::json::object()) const;

    /// Turns the default company's custom transaction numbers on (Preferences.SalesFormsPrefs.
    /// CustomTxnNumbers): invoices then keep the DocNumber sent, and a taken one is refused
    /// (6140). Seeds the company again through the control plane (nothing logged or counted), so
    /// call it before anything is written.
    void use_custom_transaction_numbers() const;

    /// GET /__sandbox/counters.
    nlohmann::json counters() const { return control("GET", "/__sandbox/counters"); }
    /// Every logged request of `realm` (default: the default company), the whole log, paged.
    nlohmann::json request_log(const std::string& realm = {}) const;
    /// The company's entities of one kind ("Invoice"), as the sandbox holds them.
    nlohmann::json entities(const std::string& entity) const;
    /// The balance of account `id` from the company's transactions (the sandbox keeps no
    /// CurrentBalance): payments deposited to it and deposits to it add; purchases and refund
    /// receipts paid from it and deposit lines drawn from it subtract; transfers both ways.
    sdk::Decimal account_balance(const std::string& id) const;

    /// A QBO API call made as another user of the company would (with its own token):
    /// `path` is relative to /v3/company/<realm>/. Returns {status, body parsed exactly}.
    std::pair<int, nlohmann::json> api(const std::string& method, const std::string& path,
                                       const std::string& body = {}) const;

    std::string log() const { return process_ ? process_->log() : std::string(); }

private:
    TempDir dir_;
    std::unique_ptr<ChildProcess> process_;
    std::string url_;
    std::string realm_;
    std::string client_id_;
    std::string client_secret_;
    mutable std::string user_token_;
};

}  // namespace ledgersync::testing
