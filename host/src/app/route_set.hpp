#pragma once
/// The configured routes with their mapper plugins loaded and instantiated. A route whose
/// mapper is refused is left out (and reported); the other routes run.

#include <string>
#include <vector>

#include "app/connection_set.hpp"
#include "bus/route_runtime.hpp"
#include "config/host_config.hpp"
#include "plugin/plugin_catalog.hpp"
#include "plugin/plugin_services.hpp"

namespace ledgersync::app {

struct RouteProblem {
    std::string route;
    /// JSON pointer of the offending key in the host config.
    std::string path;
    std::string message;
};

class RouteSet {
public:
    static RouteSet open(const config::HostConfig& config, const plugin::PluginCatalog& catalog,
                         const plugin::PluginServices& services);

    std::vector<bus::RouteRuntime>& routes() noexcept { return routes_; }
    const std::vector<RouteProblem>& problems() const noexcept { return problems_; }

private:
    std::vector<bus::RouteRuntime> routes_;
    std::vector<RouteProblem> problems_;
};

}  // namespace ledgersync::app
