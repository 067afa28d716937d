#include "support/sandbox_process.hpp"

#include "qbo/qbo_json.hpp"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <csignal>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <ledgersync/sdk/json.hpp>

namespace ledgersync::sandbox::testing {

nlohmann::json parse_exact_or_null(const std::string& text) {
    try {
        return sdk::parse_json_exact(text);
    } catch (const std::exception&) {
        return nullptr;
    }
}

std::string QboResult::header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
        if (key.size() == name.size() &&
            std::equal(key.begin(), key.end(), name.begin(),
                       [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
            return value;
        }
    }
    return {};
}

SandboxProcess::SandboxProcess(std::vector<std::string> args) {
    const auto ready = dir_ / "ready.json";
    args.push_back("--ready-file");
    args.push_back(ready.string());
    process_ = std::make_unique<ledgersync::testing::ChildProcess>(LEDGERSYNC_SANDBOX_BINARY, args,
                                                                   dir_ / "sandbox.log");
    if (!ledgersync::testing::wait_for_file(ready, std::chrono::seconds(20))) {
        throw std::runtime_error("the sandbox did not start: " + process_->log());
    }
    ready_ = sdk::parse_json_exact(ledgersync::testing::read_file(ready));
    if (ready_.contains("qbo")) {
        url_ = ready_.at("qbo").at("url");
        realm_ = ready_.at("qbo").value("realm_id", "");
    }
}

SandboxProcess::~SandboxProcess() {
    if (process_ && process_->running()) {
        process_->signal(SIGTERM);
        process_->wait(std::chrono::seconds(10));
    }
}

nlohmann::json SandboxProcess::mint_tokens(const std::string& realm) const {
    return control("POST", "/__sandbox/qbo/oauth/tokens", {{"realm_id", realm}});
}

void SandboxProcess::authorize() {
    access_token_ = mint_tokens(realm_).at("access_token");
}

QboResult SandboxProcess::raw(const std::string& method, const std::string& path,
                              const std::string& body,
                              const std::map<std::string, std::string>& headers) const {
    const HttpResult r = ledgersync::testing::http_request(method, url_ + path, body, headers);
    return {r.status, r.body, parse_exact_or_null(r.body), r.headers};
}

QboResult SandboxProcess::api_for(const std::string& realm, const std::string& token,
                                  const std::string& method, const std::string& path_and_query,
                                  const std::string& body) const {
    return raw(method, "/v3/company/" + realm + "/" + path_and_query, body,
               {{"Authorization", "Bearer " + token},
                {"Accept", "application/json"},
                {"Content-Type", "application/json"}});
}

QboResult SandboxProcess::api(const std::string& method, const std::string& path_and_query,
                              const std::string& body,
                              const std::map<std::string, std::string>& headers) const {
    std::map<std::string, std::string> all = {{"Authorization", "Bearer " + access_token_},
                                              {"Accept", "application/json"},
                                              {"Content-Type", "application/json"}};
    for (const auto& [k, v] : headers)
        all[k] = v;
    return raw(method, "/v3/company/" + realm_ + "/" + path_and_query, body, all);
}

nlohmann::json SandboxProcess::control(const std::string& method, const std::string& path,
                                       const nlohmann::json& body) const {
    const HttpResult r =
        ledgersync::testing::http_request(method, url_ + path, body.is_null() ? "" : body.dump());
    if (r.status != 200)
        throw std::runtime_error(method + " " + path + " -> " + std::to_string(r.status) + ": " +
                                 r.body);
    return parse_exact_or_null(r.body);
}

nlohmann::json SandboxProcess::create(const std::string& entity, const nlohmann::json& body) const {
    std::string lower = entity;
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const QboResult r = api("POST", lower + "?minorversion=75", qbo::render(body));
    if (r.status != 200)
        throw std::runtime_error("creating " + entity + " failed: " + r.body);
    return r.json.at(entity);
}

// ---- webhook receiver ----------------------------------------------------------------------

struct WebhookReceiver::State {
    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    std::vector<int> statuses;
    std::vector<Delivery> deliveries;
};

namespace {

class RecordingHandler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit RecordingHandler(std::shared_ptr<WebhookReceiver::State> state)
        : state_(std::move(state)) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        WebhookReceiver::Delivery delivery;
        std::ostringstream body;
        Poco::StreamCopier::copyStream(request.stream(), body);
        delivery.body = body.str();
        for (const auto& [k, v] : request)
            delivery.headers[k] = v;
        int status = 200;
        {
            std::lock_guard lock(state_->mutex);
            if (state_->deliveries.size() < state_->statuses.size())
                status = state_->statuses[state_->deliveries.size()];
            delivery.answered = status;
            state_->deliveries.push_back(delivery);
        }
        state_->changed.notify_all();
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        response.setContentLength(0);
        response.send();
    }

private:
    std::shared_ptr<WebhookReceiver::State> state_;
};

class RecordingFactory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit RecordingFactory(std::shared_ptr<WebhookReceiver::State> state)
        : state_(std::move(state)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new RecordingHandler(state_);
    }

private:
    std::shared_ptr<WebhookReceiver::State> state_;
};

}  // namespace

struct WebhookReceiver::Server {
    std::unique_ptr<Poco::Net::HTTPServer> http;
    std::uint16_t port = 0;
};

WebhookReceiver::WebhookReceiver(std::vector<int> statuses)
    : state_(std::make_shared<State>()), server_(std::make_unique<Server>()) {
    state_->statuses = std::move(statuses);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    server_->port = socket.address().port();
    server_->http = std::make_unique<Poco::Net::HTTPServer>(new RecordingFactory(state_), socket,
                                                            new Poco::Net::HTTPServerParams);
    server_->http->start();
}

WebhookReceiver::~WebhookReceiver() {
    server_->http->stopAll(true);
}

std::string WebhookReceiver::url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port) + "/webhooks/qbo";
}

std::vector<WebhookReceiver::Delivery> WebhookReceiver::deliveries() const {
    std::lock_guard lock(state_->mutex);
    return state_->deliveries;
}

bool WebhookReceiver::wait_for(std::size_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(state_->mutex);
    return state_->changed.wait_for(lock, timeout,
                                    [&] { return state_->deliveries.size() >= count; });
}

}  // namespace ledgersync::sandbox::testing
