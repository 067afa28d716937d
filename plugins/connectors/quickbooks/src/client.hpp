#pragma once
/// HTTP calls to the QBO Accounting API through the host's HTTP service (which enforces the
/// connection's rate budgets, holds it after a 429, and applies TLS settings): URLs, headers,
/// minorversion on every call, requestid on writes, the access token with one refresh after a
/// 401/3200, and the calls the connector makes (read, query with paging, CDC, batch, PDF).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <ledgersync/sdk/host_services.hpp>
#include <ledgersync/sdk/http.hpp>
#include <nlohmann/json.hpp>

#include "config.hpp"
#include "faults.hpp"
#include "oauth_tokens.hpp"

namespace ledgersync::connectors::quickbooks {

/// One call to /v3/company/<realm>/<path>.
struct ApiRequest {
    std::string method = "GET";
    /// Relative to /v3/company/<realm>/: "invoice/130", "query", "batch".
    std::string path;
    /// Query parameters besides minorversion and requestid, not yet encoded.
    std::vector<std::pair<std::string, std::string>> parameters;
    /// JSON text (dump_qbo_json) or empty.
    std::string body;
    std::string content_type = "application/json";
    std::string accept = "application/json";
    /// QBO's idempotency key for writes (≤ 50 characters; ≤ 36 for /batch); empty: none.
    std::string requestid;
    /// The host's rate budget: "" (default) or "batch".
    std::string budget;
    /// Requests this call counts as toward the per-minute limit: a batch's item count.
    std::uint32_t cost = 1;
};

class QboClient {
public:
    QboClient(sdk::HostServices host, const QboConfig& config);

    /// Sends `request` and returns the response whatever its status. A 401 or 3200 refreshes the
    /// access token once and sends again (the same requestid: the refused call did nothing).
    /// Throws sdk::Error when no response came (transient), or when the token cannot be had.
    sdk::HttpResponse call(const ApiRequest& request);

    /// Reads one entity: GET <path>/<id>. The entity object, parsed exactly. Throws sdk::Error
    /// classified (classify_response) on failure.
    nlohmann::json read_entity(const std::string& entity, const std::string& path, const std::string& id,
                               const FaultContext& context);

    /// One page of a query. The QueryResponse object (empty object when nothing matched) and
    /// the response's "time". Throws sdk::Error classified on failure.
    std::pair<nlohmann::json, std::string> query(const std::string& sql, const FaultContext& context);

    /// Change data capture of `entities` changed since `since` (QBO instant text). The
    /// CDCResponse document and its "time". Throws sdk::Error classified on failure.
    std::pair<nlohmann::json, std::string> change_data_capture(const std::vector<std::string>& entities,
                                                               const std::string& since);

    /// The PDF of a sales form (GET <path>/<id>/pdf, Accept: application/pdf).
    std::string pdf(const std::string& path, const std::string& id, const FaultContext& context);

    /// CompanyInfo of the connected company.
    nlohmann::json company_info();

    /// Preferences of the connected company (GET preferences): SalesFormsPrefs, CurrencyPrefs...
    nlohmann::json preferences();

    const QboConfig& config() const noexcept { return config_; }
    sdk::HostServices host() const noexcept { return host_; }

private:
    sdk::HttpRequest to_http(const ApiRequest& request, const std::string& token) const;
    /// GET <path>: the `entity` object of the answer; throws sdk::Error classified on failure.
    nlohmann::json get_entity(const std::string& entity, const std::string& path, const FaultContext& context);
    /// The body of a successful response, parsed exactly; throws sdk::Error otherwise.
    nlohmann::json expect_json(const sdk::HttpResponse& response, const FaultContext& context) const;

    sdk::HostServices host_;
    const QboConfig& config_;
    OAuthTokens tokens_;
};

}  // namespace ledgersync::connectors::quickbooks
