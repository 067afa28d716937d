#include "app/route_set.hpp"

#include "plugin/mapper_instance.hpp"
#include "plugin/plugin_loader.hpp"

namespace ledgersync::app {

RouteSet RouteSet::open(const config::HostConfig& config, const plugin::PluginCatalog& catalog,
                        const plugin::PluginServices& services) {
    RouteSet set;
    for (const auto& route : config.routes) {
        std::vector<std::unique_ptr<plugin::MapperInstance>> steps;
        bool usable = true;
        for (std::size_t i = 0; i < route.via.size() && usable; ++i) {
            const auto& step = route.via[i];
            const std::string path = route.path + "/via/" + std::to_string(i) + "/mapper";
            const auto manifest = catalog.find(step.plugin);
            if (!manifest) {
                std::string message = "no mapper plugin '" + step.plugin + "' was found in the plugin directories";
                if (auto suggestion = suggest_plugin(catalog, step.plugin); !suggestion.empty()) {
                    message += "; did you mean '" + suggestion + "'?";
                }
                set.problems_.push_back({route.name, path, message});
                usable = false;
                break;
            }
            if (manifest->kind != plugin::PluginKind::mapper) {
                set.problems_.push_back({route.name, path, "plugin '" + step.plugin + "' is a connector; a route step needs a mapper"});
                usable = false;
                break;
            }
            try {
                steps.push_back(plugin::MapperInstance::create(plugin::PluginLoader::load(*manifest),
                                                               "route " + route.name + " step " + std::to_string(i + 1),
                                                               step.config, step.config_path, services));
            } catch (const plugin::PluginError& e) {
                set.problems_.push_back({route.name, path, e.what()});
                usable = false;
            }
        }
        if (!usable) continue;
        set.routes_.push_back({route, bus::MapperChain(std::move(steps))});
    }
    return set;
}

}  // namespace ledgersync::app
