#pragma once
// A host for unit tests: the SDK's host-services table backed by memory (state, metrics, log), a
// settable clock, and an HTTP service that hands each request to a test's function. The
// connector under test runs its real code against it, through the real ABI table.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <ledgersync/sdk.hpp>

namespace ledgersync::connectors::quickbooks::testing {

class FakeHost {
public:
    using Handler = std::function<sdk::HttpResponse(const sdk::HttpRequest&)>;

    FakeHost();
    FakeHost(const FakeHost&) = delete;
    FakeHost& operator=(const FakeHost&) = delete;

    sdk::HostServices services() { return sdk::HostServices(&table_, reinterpret_cast<ls_host_context*>(this)); }

    /// Every request goes to `handler`; throw sdk::Error from it for "no response".
    void on_http(Handler handler) { handler_ = std::move(handler); }
    /// The requests sent so far.
    std::vector<sdk::HttpRequest> requests() const;

    std::int64_t now_ms = 1'795'000'000'000;  // 2026-11-18

    struct StateValue {
        std::string value;
        bool secret = false;
    };
    std::map<std::string, StateValue> state;
    /// Keys in the order they were put.
    std::vector<std::string> puts;
    std::map<std::string, std::int64_t> counters;  ///< "name{labels}" -> total
    std::vector<std::string> log;

    std::int64_t counter(const std::string& name, const std::string& labels = {}) const;

private:
    static void on_log(ls_host_context* ctx, ls_log_level level, ls_bytes message);
    static std::int64_t on_now(ls_host_context* ctx);
    static void on_counter(ls_host_context* ctx, ls_bytes name, ls_bytes labels, std::int64_t delta);
    static void on_gauge(ls_host_context* ctx, ls_bytes name, ls_bytes labels, std::int64_t value);
    static ls_status on_state_get(ls_host_context* ctx, ls_bytes key, ls_output* value);
    static ls_status on_state_put(ls_host_context* ctx, ls_bytes key, ls_bytes value, std::uint32_t flags, ls_output* error);
    static ls_status on_state_delete(ls_host_context* ctx, ls_bytes key, ls_output* error);
    static ls_status on_http_send(ls_host_context* ctx, const ls_http_request* request, ls_http_response_sink* response,
                                  ls_output* error);

    ls_host_services table_{};
    Handler handler_;
    mutable std::mutex mutex_;
    std::vector<sdk::HttpRequest> requests_;
};

/// A JSON response.
sdk::HttpResponse json_response(int status, const std::string& body);

/// The text of a file under LEDGERSYNC_SHARED_DIR/specs/qbo/samples/.
std::string sample(const std::string& relative_path);

/// The value of query parameter `name` in `url`, percent-decoded; "" when absent.
std::string query_parameter(const std::string& url, const std::string& name);

/// The path of `url` after its host, without the query: "/v3/company/123/invoice".
std::string url_path(const std::string& url);

/// A connector configuration against "http://qbo.test" for realm 123, with `extra` merged in.
nlohmann::json connector_config(const nlohmann::json& extra = nlohmann::json::object());

}  // namespace ledgersync::connectors::quickbooks::testing
