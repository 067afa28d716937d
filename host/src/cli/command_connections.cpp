#include "cli/command_connections.hpp"

#include "app/secret_box_opener.hpp"

namespace ledgersync::cli {

CommandConnections::CommandConnections(const config::HostConfig& config, const plugin::PluginCatalog& catalog,
                                       store::Store& store, std::ostream& log)
    : config_(config),
      catalog_(catalog),
      logger_(log, services::LogLevel::warning),
      secret_box_(app::open_secret_box(config.secrets).box),
      state_(store, secret_box_.get(), logger_, clock_),
      http_(services::http::HttpServiceOptions{}, clock_, &metrics_, &logger_) {
    for (const auto& secret : config_.resolved_secrets) logger_.add_secret(secret);
    services_.logger = &logger_;
    services_.metrics = &metrics_;
    services_.clock = &clock_;
    services_.state = &state_;
    services_.http = &http_;
}

plugin::ConnectorInstance* CommandConnections::open(const std::string& name) {
    auto it = opened_.find(name);
    if (it == opened_.end()) {
        it = opened_.emplace(name, app::ConnectionSet::open_one(config_, name, catalog_, services_)).first;
        if (plugin::ConnectorInstance* connector = it->second.find(name)) {
            try {
                http_.configure_connection(
                    name, app::ConnectionSet::http_settings(config_.connections.at(name), connector->plugin().manifest()));
            } catch (const std::exception& e) {
                // An invalid rate budget or a missing CA file: the connection cannot send anything.
                it->second = app::ConnectionSet();
                problems_[name].push_back({name, "/connections/" + name, e.what()});
            }
        }
    }
    return it->second.find(name);
}

const std::vector<app::ConnectionProblem>& CommandConnections::problems(const std::string& name) const {
    static const std::vector<app::ConnectionProblem> none;
    if (auto it = problems_.find(name); it != problems_.end()) return it->second;
    if (auto it = opened_.find(name); it != opened_.end()) return it->second.problems();
    return none;
}

}  // namespace ledgersync::cli
