#include "common/sandbox.hpp"

namespace ledgersync::sandbox {

Sandbox::Sandbox(bool log_requests)
    : webhooks_(clock_),
      control_plane_(clock_, faults_, log_, counters_, webhooks_),
      pipeline_(clock_, faults_, log_, counters_, control_plane_, log_requests) {}

Sandbox::~Sandbox() {
    stop();
}

void Sandbox::add_api(std::unique_ptr<ApiEmulator> api, std::uint16_t port) {
    ApiEmulator& emulator = *api;
    control_plane_.add_api(emulator);
    auto server = std::make_unique<ApiServer>(port, [this, &emulator](const HttpRequest& request) {
        return pipeline_.process(emulator, request);
    });
    listeners_.push_back({std::move(api), std::move(server)});
}

void Sandbox::start() {
    webhooks_.start();
    for (auto& listener : listeners_)
        listener.server->start();
}

void Sandbox::stop() {
    for (auto& listener : listeners_)
        listener.server->stop();
    webhooks_.stop();
}

nlohmann::json Sandbox::endpoints_json() const {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& listener : listeners_) {
        nlohmann::json entry = listener.api->ready_info();
        entry["url"] = listener.server->url();
        out[listener.api->name()] = std::move(entry);
    }
    return out;
}

}  // namespace ledgersync::sandbox
