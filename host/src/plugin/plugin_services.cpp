#include "plugin/plugin_services.hpp"

#include <exception>
#include <string>

#include <ledgersync/sdk/bytes.hpp>
#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::plugin {

namespace {

using sdk::to_bytes;
using sdk::to_view;

services::LogLevel to_host_level(ls_log_level level) {
    switch (level) {
        case LS_LOG_DEBUG: return services::LogLevel::debug;
        case LS_LOG_WARNING: return services::LogLevel::warning;
        case LS_LOG_ERROR: return services::LogLevel::error;
        default: return services::LogLevel::info;
    }
}

std::string component(const ls_host_context* ctx) { return ctx->plugin_id + "[" + ctx->scope + "]"; }

services::MetricLabels labels_for(const ls_host_context* ctx, ls_bytes labels) {
    auto parsed = services::MetricsRegistry::parse_labels(to_view(labels));
    parsed.emplace_back("plugin", ctx->plugin_id);
    if (!ctx->state_scope.empty()) parsed.emplace_back("connection", ctx->state_scope);
    return parsed;
}

std::string metric_name(ls_bytes name) { return "ledgersync_plugin_" + std::string(to_view(name)); }

// Runs a service call and turns any exception into a status; nothing unwinds into the plugin.
template <class Body>
ls_status guarded(ls_output* error, Body&& body) noexcept {
    const sdk::OutputWriter writer(error);
    try {
        return body();
    } catch (const sdk::Error& e) {
        const ls_status status = sdk::to_status(e.outcome().kind);
        writer.fail(status, e.outcome().reason, e.outcome().retry_after.count());
        return status;
    } catch (const std::exception& e) {
        writer.fail(LS_STATUS_TRANSIENT, e.what());
        return LS_STATUS_TRANSIENT;
    } catch (...) {
        writer.fail(LS_STATUS_FATAL, "unknown host error");
        return LS_STATUS_FATAL;
    }
}

void log(ls_host_context* ctx, ls_log_level level, ls_bytes message) {
    if (ctx->services.logger != nullptr) ctx->services.logger->log(to_host_level(level), component(ctx), to_view(message));
}

int64_t now_ms(ls_host_context* ctx) { return ctx->services.clock->now_ms(); }

void counter_add(ls_host_context* ctx, ls_bytes name, ls_bytes labels, int64_t delta) {
    if (ctx->services.metrics != nullptr) ctx->services.metrics->add(metric_name(name), labels_for(ctx, labels), delta);
}

void gauge_set(ls_host_context* ctx, ls_bytes name, ls_bytes labels, int64_t value) {
    if (ctx->services.metrics != nullptr) ctx->services.metrics->set(metric_name(name), labels_for(ctx, labels), value);
}

ls_status unavailable(ls_output* out, const char* what) {
    sdk::OutputWriter(out).fail(LS_STATUS_UNAVAILABLE, what);
    return LS_STATUS_UNAVAILABLE;
}

ls_status state_get(ls_host_context* ctx, ls_bytes key, ls_output* value) {
    if (ctx->services.state == nullptr || ctx->state_scope.empty()) {
        return unavailable(value, "no per-connection state is available to this plugin instance");
    }
    return guarded(value, [&] {
        auto stored = ctx->services.state->get(ctx->state_scope, to_view(key));
        if (!stored) return LS_STATUS_NOT_FOUND;
        sdk::OutputWriter(value).append(*stored);
        return LS_STATUS_OK;
    });
}

ls_status state_put(ls_host_context* ctx, ls_bytes key, ls_bytes value, uint32_t flags, ls_output* error) {
    if (ctx->services.state == nullptr || ctx->state_scope.empty()) {
        return unavailable(error, "no per-connection state is available to this plugin instance");
    }
    return guarded(error, [&] {
        // The state service registers a secret value with the logger (see StoredConnectionState).
        ctx->services.state->put(ctx->state_scope, to_view(key), to_view(value), (flags & LS_STATE_SECRET) != 0);
        return LS_STATUS_OK;
    });
}

ls_status state_delete(ls_host_context* ctx, ls_bytes key, ls_output* error) {
    if (ctx->services.state == nullptr || ctx->state_scope.empty()) {
        return unavailable(error, "no per-connection state is available to this plugin instance");
    }
    return guarded(error, [&] {
        ctx->services.state->remove(ctx->state_scope, to_view(key));
        return LS_STATUS_OK;
    });
}

ls_status http_send(ls_host_context* ctx, const ls_http_request* request, ls_http_response_sink* sink,
                    ls_output* error) {
    if (ctx->services.http == nullptr) return unavailable(error, "this host has no HTTP service configured");
    return guarded(error, [&] {
        const sdk::HttpResponse response =
            ctx->services.http->send(ctx->state_scope.empty() ? ctx->scope : ctx->state_scope, sdk::from_wire(*request));
        if (LS_HAS_MEMBER(sink, ls_http_response_sink, status)) {
            sink->status(sink->slot, response.status, sdk::to_status(response.classified), response.retry_after.count());
        }
        if (LS_HAS_MEMBER(sink, ls_http_response_sink, header)) {
            for (const auto& [name, value] : response.headers) sink->header(sink->slot, to_bytes(name), to_bytes(value));
        }
        if (LS_HAS_MEMBER(sink, ls_http_response_sink, body)) sink->body(sink->slot, to_bytes(response.body));
        return LS_STATUS_OK;
    });
}

}  // namespace

const ls_host_services* host_services_table() noexcept {
    static const ls_host_services table = {
        sizeof(ls_host_services), LS_ABI_MAJOR, LS_ABI_MINOR, &log,       &now_ms,       &counter_add,
        &gauge_set,               &state_get,   &state_put,   &state_delete, &http_send,
    };
    return &table;
}

}  // namespace ledgersync::plugin
