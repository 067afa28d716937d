#pragma once
/// C++ view of the services the host lends to a plugin instance: logging, clock, metrics,
/// per-connection state and HTTP. Every call is safe from any thread.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ledgersync/abi.h"
#include "ledgersync/sdk/bytes.hpp"
#include "ledgersync/sdk/http.hpp"
#include "ledgersync/sdk/outcome.hpp"

namespace ledgersync::sdk {

enum class LogLevel { debug = LS_LOG_DEBUG, info = LS_LOG_INFO, warning = LS_LOG_WARNING, error = LS_LOG_ERROR };

/// Whether a state value must be encrypted at rest and kept out of logs.
enum class Sensitivity { plain, secret };

class HostServices {
public:
    HostServices(const ls_host_services* table, ls_host_context* context) noexcept
        : table_(table), context_(context) {}

    /// Writes a line to the host's log, tagged with the plugin and connection.
    void log(LogLevel level, std::string_view message) const {
        if (LS_HAS_MEMBER(table_, ls_host_services, log) && table_->log != nullptr) {
            table_->log(context_, static_cast<ls_log_level>(level), to_bytes(message));
        }
    }

    /// The host's clock (injectable in tests), UTC.
    std::chrono::system_clock::time_point now() const {
        if (LS_HAS_MEMBER(table_, ls_host_services, now_ms) && table_->now_ms != nullptr) {
            return std::chrono::system_clock::time_point(std::chrono::milliseconds(table_->now_ms(context_)));
        }
        return std::chrono::system_clock::now();
    }

    /// Adds to a counter named ledgersync_plugin_<name>; labels are "key=value,key=value".
    void count(std::string_view name, std::int64_t delta = 1, std::string_view labels = {}) const {
        if (LS_HAS_MEMBER(table_, ls_host_services, counter_add) && table_->counter_add != nullptr) {
            table_->counter_add(context_, to_bytes(name), to_bytes(labels), delta);
        }
    }

    /// Sets a gauge named ledgersync_plugin_<name>.
    void gauge(std::string_view name, std::int64_t value, std::string_view labels = {}) const {
        if (LS_HAS_MEMBER(table_, ls_host_services, gauge_set) && table_->gauge_set != nullptr) {
            table_->gauge_set(context_, to_bytes(name), to_bytes(labels), value);
        }
    }

    /// The stored value of `key` for this connection, or nullopt. Throws sdk::Error when the
    /// host cannot answer (store unavailable, secret key missing).
    std::optional<std::string> state_get(std::string_view key) const {
        if (!LS_HAS_MEMBER(table_, ls_host_services, state_get) || table_->state_get == nullptr) {
            throw Error(Outcome::fatal("this host offers no state service"));
        }
        OutputBuffer value;
        const ls_status status = table_->state_get(context_, to_bytes(key), value.output());
        if (status == LS_STATUS_NOT_FOUND) return std::nullopt;
        if (status != LS_STATUS_OK) throw_failure(status, value, "reading state key '" + std::string(key) + "'");
        return value.take_payload();
    }

    /// Stores `value` durably under `key` for this connection.
    void state_put(std::string_view key, std::string_view value, Sensitivity sensitivity = Sensitivity::plain) const {
        if (!LS_HAS_MEMBER(table_, ls_host_services, state_put) || table_->state_put == nullptr) {
            throw Error(Outcome::fatal("this host offers no state service"));
        }
        OutputBuffer error;
        const std::uint32_t flags = sensitivity == Sensitivity::secret ? static_cast<std::uint32_t>(LS_STATE_SECRET) : 0u;
        const ls_status status = table_->state_put(context_, to_bytes(key), to_bytes(value), flags, error.output());
        if (status != LS_STATUS_OK) throw_failure(status, error, "storing state key '" + std::string(key) + "'");
    }

    /// Removes `key`; absent keys are fine.
    void state_delete(std::string_view key) const {
        if (!LS_HAS_MEMBER(table_, ls_host_services, state_delete) || table_->state_delete == nullptr) {
            throw Error(Outcome::fatal("this host offers no state service"));
        }
        OutputBuffer error;
        const ls_status status = table_->state_delete(context_, to_bytes(key), error.output());
        if (status != LS_STATUS_OK) throw_failure(status, error, "deleting state key '" + std::string(key) + "'");
    }

    /// Sends a request through the host. Returns the response whatever its status code; throws
    /// sdk::Error (transient or fatal) when no response arrived.
    HttpResponse http(const HttpRequest& request) const {
        if (!LS_HAS_MEMBER(table_, ls_host_services, http_send) || table_->http_send == nullptr) {
            throw Error(Outcome::fatal("this host offers no HTTP service"));
        }
        const WireHttpRequest wire(request);

        HttpResponse response;
        ls_http_response_sink sink{};
        sink.struct_size = sizeof(sink);
        sink.slot = &response;
        sink.status = [](void* slot, std::int32_t code, ls_status classified, std::int64_t retry_after_ms) {
            auto* r = static_cast<HttpResponse*>(slot);
            r->status = code;
            r->classified = outcome_class_from_status(classified);
            r->retry_after = std::chrono::milliseconds(retry_after_ms);
        };
        sink.header = [](void* slot, ls_bytes name, ls_bytes value) {
            static_cast<HttpResponse*>(slot)->headers.emplace_back(std::string(to_view(name)), std::string(to_view(value)));
        };
        sink.body = [](void* slot, ls_bytes chunk) { static_cast<HttpResponse*>(slot)->body.append(to_view(chunk)); };
        OutputBuffer error;
        const ls_status status = table_->http_send(context_, wire.get(), &sink, error.output());
        if (status != LS_STATUS_OK) throw_failure(status, error, request.method + " " + request.url);
        return response;
    }

    /// The raw table, for features newer than this header.
    const ls_host_services* table() const noexcept { return table_; }
    ls_host_context* context() const noexcept { return context_; }

private:
    [[noreturn]] static void throw_failure(ls_status status, const OutputBuffer& error, const std::string& what) {
        Outcome outcome = Outcome::fatal(what + ": " + (error.failure_message().empty() ? "failed" : error.failure_message()));
        outcome.kind = outcome_class_from_status(status);
        if (status == LS_STATUS_UNAVAILABLE) outcome.kind = OutcomeClass::fatal;
        outcome.retry_after = std::chrono::milliseconds(error.retry_after_ms());
        throw Error(std::move(outcome));
    }

    const ls_host_services* table_;
    ls_host_context* context_;
};

}  // namespace ledgersync::sdk
