#pragma once
/// HTTP calls to Stripe's v1 API through the host's HTTP service, which enforces the
/// connection's rate budgets ("read" for GET, "write" for POST: Stripe counts them apart),
/// holds after a 429 and applies TLS: the Bearer key, the pinned Stripe-Version, form-encoded
/// parameters (Rack-style keys: expand[], metadata[k]), Idempotency-Key on writes, and the
/// response classified (stripe_errors.hpp) when it is not a success.

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <ledgersync/sdk/host_services.hpp>
#include <ledgersync/sdk/http.hpp>
#include <nlohmann/json.hpp>

#include "config.hpp"
#include "credentials.hpp"
#include "stripe_errors.hpp"

namespace ledgersync::connectors::stripe {

/// Parameters in the order they are sent, names already in Rack style ("expand[]").
using StripeParameters = std::vector<std::pair<std::string, std::string>>;

/// One page of a list: its objects, newest first, and whether more follow.
struct ListPage {
    nlohmann::json data = nlohmann::json::array();
    bool has_more = false;
};

class StripeClient {
public:
    StripeClient(sdk::HostServices host, const StripeConfig& config);

    /// GET <path>?<parameters>; the body parsed exactly. Throws sdk::Error classified.
    nlohmann::json get(const std::string& path, const StripeParameters& parameters, const CallContext& context);
    /// POST <path> with a form body and, when not empty, Idempotency-Key. Throws sdk::Error.
    nlohmann::json post(const std::string& path, const StripeParameters& parameters, const std::string& idempotency_key,
                        const CallContext& context);
    /// Like get(), but nullopt when Stripe answers 404: no such object, or a list cursor
    /// (starting_after, ending_before) it no longer has.
    std::optional<nlohmann::json> get_if_exists(const std::string& path, const StripeParameters& parameters,
                                                const CallContext& context);
    /// GET of a list endpoint: {"object": "list", "data", "has_more"}.
    ListPage list(const std::string& path, const StripeParameters& parameters, const CallContext& context);
    /// Like get(), but a 403 (a restricted key without the permission the endpoint needs) is
    /// answered with Stripe's error instead of thrown: check() collects every refusal.
    std::variant<nlohmann::json, StripeError> get_unless_forbidden(const std::string& path, const StripeParameters& parameters,
                                                                   const CallContext& context);
    /// Like list(), but nullopt when Stripe answers 404 (a cursor it no longer has).
    std::optional<ListPage> list_if_exists(const std::string& path, const StripeParameters& parameters,
                                           const CallContext& context);

    /// The request as sent (for tests): URL, headers and body.
    sdk::HttpRequest to_http(const std::string& method, const std::string& path, const StripeParameters& parameters,
                             const std::string& idempotency_key) const;

    sdk::HostServices host() const noexcept { return host_; }

private:
    /// The request sent through the host (key masked first, 429s counted).
    sdk::HttpResponse exchange(const sdk::HttpRequest& request);
    /// A success's JSON; throws sdk::Error (classified) for anything else.
    nlohmann::json body_of(const sdk::HttpResponse& response, const CallContext& context) const;
    /// The response's JSON; nullopt for a 404 when `missing_is_empty`; throws sdk::Error otherwise.
    std::optional<nlohmann::json> send(const sdk::HttpRequest& request, const CallContext& context, bool missing_is_empty);
    ListPage to_page(nlohmann::json document, const CallContext& context) const;

    sdk::HostServices host_;
    const StripeConfig& config_;
    Credentials credentials_;
};

/// "a=1&expand%5B%5D=x": each name and value form-encoded (space as +), in order.
std::string encode_parameters(const StripeParameters& parameters);

}  // namespace ledgersync::connectors::stripe
