#include "app/route_set.hpp"

#include "plugin/mapper_instance.hpp"
#include "plugin/plugin_config_error.hpp"
#include "plugin/plugin_loader.hpp"

namespace ledgersync::app {

RouteSet RouteSet::open(const config::HostConfig& config, const plugin::PluginCatalog& catalog,
                        const plugin::PluginServices& services) {
    RouteSet set;
    for (const auto& route : config.routes) {
        std::vector<std::unique_ptr<plugin::MapperInstance>> steps;
        const std::size_t problems_before = set.problems_.size();
        // Every step is checked, so that one pass of `config check` shows every problem.
        for (std::size_t i = 0; i < route.via.size(); ++i) {
            const auto& step = route.via[i];
            const std::string path = route.path + "/via/" + std::to_string(i) + "/mapper";
            if (auto missing = catalog.why_missing(step.plugin, plugin::PluginKind::mapper)) {
                set.problems_.push_back({route.name, path, *missing});
                continue;
            }
            try {
                steps.push_back(plugin::MapperInstance::create(plugin::PluginLoader::load(*catalog.find(step.plugin)),
                                                               "route " + route.name + " step " + std::to_string(i + 1),
                                                               step.config, step.config_path, services));
            } catch (const plugin::PluginConfigError& e) {
                for (const auto& problem : e.problems()) set.problems_.push_back({route.name, problem.path, problem.message});
            } catch (const plugin::PluginError& e) {
                set.problems_.push_back({route.name, path, e.what()});
            }
        }
        if (set.problems_.size() != problems_before) continue;
        set.routes_.push_back({route, bus::MapperChain(std::move(steps))});
    }
    return set;
}

}  // namespace ledgersync::app
