#pragma once
/// The QuickBooks Online Accounting API v3 emulator: the URL space of
/// https://quickbooks.api.intuit.com (and Intuit's OAuth endpoints) on one sandbox port, plus
/// its control endpoints under /__sandbox/qbo/. Each /v3 request is authenticated, throttled,
/// replayed from its requestid when it has been seen, and carried out by a Ledger under the
/// company's lock; changes go out as webhooks.

#include <atomic>
#include <memory>
#include <string>

#include "common/api_emulator.hpp"
#include "qbo/company.hpp"
#include "qbo/entity_kind.hpp"
#include "qbo/oauth_server.hpp"
#include "qbo/qbo_fault.hpp"
#include "qbo/qbo_throttle.hpp"
#include "qbo/webhook_notifier.hpp"

namespace ledgersync::sandbox::qbo {

class Ledger;
struct ParsedQuery;

class QboApi final : public ApiEmulator {
public:
    /// The realm `--seed default` creates.
    static constexpr const char* kDefaultRealmId = "9130350000000001";
    /// Minor versions below this were discontinued on 2025-08-01 (qbo.md §1.5).
    static constexpr int kMinimumMinorVersion = 75;

    QboApi(SandboxServices services, bool seed_default_realm);

    const std::string& name() const override { return name_; }
    RequestFacts describe(const HttpRequest& request) const override;
    HttpResponse handle(const HttpRequest& request, RequestFacts& facts) override;
    HttpResponse injected_error(int status) const override;
    HttpResponse handle_control(const std::vector<std::string>& subpath,
                                const HttpRequest& request) override;
    void configure_throttle(const nlohmann::json& config) override { throttle_.configure(config); }
    void set_throttling_enabled(bool enabled) override { throttle_.set_enabled(enabled); }
    nlohmann::json throttle_json() const override { return throttle_.to_json(); }
    void reset() override;
    nlohmann::json ready_info() const override;

private:
    HttpResponse handle_company(const HttpRequest& request, const std::vector<std::string>& parts,
                                RequestFacts& facts);
    HttpResponse execute(Company& company, const HttpRequest& request,
                         const std::vector<std::string>& parts);
    nlohmann::json run_operation(Ledger& ledger, const EntityKind& kind,
                                 const std::string& operation, const nlohmann::json& body,
                                 bool include_void);
    /// A query over the company: its entities, or its exchange rates.
    nlohmann::json answer_query(Company& company, const Ledger& ledger,
                                const ParsedQuery& query) const;
    HttpResponse fault_response(const QboFault& fault) const;
    HttpResponse throttled_response() const;
    HttpResponse envelope(const std::string& member, const nlohmann::json& value) const;
    HttpResponse seed(const HttpRequest& request);
    HttpResponse exchange_rates_control(const HttpRequest& request);
    HttpResponse discovery_document(const HttpRequest& request) const;
    /// GET /app/invoice[/pdf]?txnId=ID[&realmId=R]: the app view of an invoice (invoice_page.hpp).
    HttpResponse app_invoice(const HttpRequest& request, bool pdf);
    std::int64_t now_ms() const;

    std::string name_ = "qbo";
    SandboxServices services_;
    bool seed_default_realm_;
    std::atomic<bool> reject_old_minor_versions_{false};
    RealmRegistry realms_;
    OAuthServer oauth_;
    QboThrottle throttle_;
    WebhookNotifier webhooks_;
};

}  // namespace ledgersync::sandbox::qbo
