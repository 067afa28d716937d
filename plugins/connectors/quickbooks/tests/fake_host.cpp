#include "fake_host.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <ledgersync/sdk/encoding.hpp>

namespace ledgersync::connectors::quickbooks::testing {

namespace {

FakeHost& self(ls_host_context* ctx) { return *reinterpret_cast<FakeHost*>(ctx); }

}  // namespace

FakeHost::FakeHost() {
    table_.struct_size = sizeof(ls_host_services);
    table_.abi_major = LS_ABI_MAJOR;
    table_.abi_minor = LS_ABI_MINOR;
    table_.log = &FakeHost::on_log;
    table_.now_ms = &FakeHost::on_now;
    table_.counter_add = &FakeHost::on_counter;
    table_.gauge_set = &FakeHost::on_gauge;
    table_.state_get = &FakeHost::on_state_get;
    table_.state_put = &FakeHost::on_state_put;
    table_.state_delete = &FakeHost::on_state_delete;
    table_.http_send = &FakeHost::on_http_send;
}

std::vector<sdk::HttpRequest> FakeHost::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::int64_t FakeHost::counter(const std::string& name, const std::string& labels) const {
    std::lock_guard lock(mutex_);
    const auto it = counters.find(name + "{" + labels + "}");
    return it == counters.end() ? 0 : it->second;
}

void FakeHost::on_log(ls_host_context* ctx, ls_log_level, ls_bytes message) {
    FakeHost& host = self(ctx);
    std::lock_guard lock(host.mutex_);
    host.log.emplace_back(sdk::to_view(message));
}

std::int64_t FakeHost::on_now(ls_host_context* ctx) { return self(ctx).now_ms; }

void FakeHost::on_counter(ls_host_context* ctx, ls_bytes name, ls_bytes labels, std::int64_t delta) {
    FakeHost& host = self(ctx);
    std::lock_guard lock(host.mutex_);
    host.counters[std::string(sdk::to_view(name)) + "{" + std::string(sdk::to_view(labels)) + "}"] += delta;
}

void FakeHost::on_gauge(ls_host_context*, ls_bytes, ls_bytes, std::int64_t) {}

ls_status FakeHost::on_state_get(ls_host_context* ctx, ls_bytes key, ls_output* value) {
    FakeHost& host = self(ctx);
    std::lock_guard lock(host.mutex_);
    const auto it = host.state.find(std::string(sdk::to_view(key)));
    if (it == host.state.end()) return LS_STATUS_NOT_FOUND;
    sdk::OutputWriter(value).append(it->second.value);
    return LS_STATUS_OK;
}

ls_status FakeHost::on_state_put(ls_host_context* ctx, ls_bytes key, ls_bytes value, std::uint32_t flags, ls_output*) {
    FakeHost& host = self(ctx);
    std::lock_guard lock(host.mutex_);
    host.state[std::string(sdk::to_view(key))] = {std::string(sdk::to_view(value)), (flags & LS_STATE_SECRET) != 0};
    host.puts.emplace_back(sdk::to_view(key));
    return LS_STATUS_OK;
}

ls_status FakeHost::on_state_delete(ls_host_context* ctx, ls_bytes key, ls_output*) {
    FakeHost& host = self(ctx);
    std::lock_guard lock(host.mutex_);
    host.state.erase(std::string(sdk::to_view(key)));
    return LS_STATUS_OK;
}

ls_status FakeHost::on_http_send(ls_host_context* ctx, const ls_http_request* request, ls_http_response_sink* sink,
                                 ls_output* error) {
    FakeHost& host = self(ctx);
    const sdk::HttpRequest copy = sdk::from_wire(*request);
    {
        std::lock_guard lock(host.mutex_);
        host.requests_.push_back(copy);
    }
    sdk::HttpResponse response;
    try {
        if (!host.handler_) throw std::logic_error("no HTTP handler set for " + copy.method + " " + copy.url);
        response = host.handler_(copy);
    } catch (const sdk::Error& e) {
        sdk::OutputWriter(error).fail(sdk::to_status(e.outcome().kind), e.outcome().reason);
        return sdk::to_status(e.outcome().kind);
    }
    const ls_status classified = response.status >= 200 && response.status < 300 ? LS_STATUS_OK
                                 : response.status == 429                        ? LS_STATUS_RATE_LIMITED
                                 : response.status == 401                        ? LS_STATUS_AUTH
                                 : response.status >= 500                        ? LS_STATUS_TRANSIENT
                                                                                 : LS_STATUS_DATA;
    sink->status(sink->slot, response.status, classified, response.retry_after.count());
    for (const auto& [name, value] : response.headers) sink->header(sink->slot, sdk::to_bytes(name), sdk::to_bytes(value));
    sink->body(sink->slot, sdk::to_bytes(response.body));
    return LS_STATUS_OK;
}

sdk::HttpResponse json_response(int status, const std::string& body) {
    sdk::HttpResponse response;
    response.status = status;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = body;
    return response;
}

std::string sample(const std::string& relative_path) {
    const std::string path = std::string(LEDGERSYNC_SHARED_DIR) + "/specs/qbo/samples/" + relative_path;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read sample " + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string query_parameter(const std::string& url, const std::string& name) {
    const auto question = url.find('?');
    if (question == std::string::npos) return {};
    std::string query = url.substr(question + 1);
    std::size_t pos = 0;
    while (pos <= query.size()) {
        const std::size_t amp = query.find('&', pos);
        const std::string pair = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            const std::string encoded = eq == std::string::npos ? std::string() : pair.substr(eq + 1);
            return sdk::percent_decode(encoded, sdk::PlusSign::space);
        }
        if (amp == std::string::npos) break;
        pos = amp + 1;
    }
    return {};
}

std::string url_path(const std::string& url) {
    const auto scheme = url.find("://");
    const auto start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (start == std::string::npos) return "/";
    const auto question = url.find('?', start);
    return url.substr(start, question == std::string::npos ? std::string::npos : question - start);
}

nlohmann::json connector_config(const nlohmann::json& extra) {
    nlohmann::json config = {{"realm_id", "123"},
                             {"environment", {{"base_url", "http://qbo.test"}}},
                             {"client_id", "cid"},
                             {"client_secret", "csecret"},
                             {"refresh_token", "rt-0"},
                             {"webhook_verifier_token", "verifier"}};
    config.update(extra);
    return config;
}

}  // namespace ledgersync::connectors::quickbooks::testing
