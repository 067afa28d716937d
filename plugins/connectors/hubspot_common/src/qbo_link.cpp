#include "qbo_link.hpp"

#include <ledgersync/sdk/service_endpoints.hpp>

namespace ledgersync::connectors::hubspot {

std::string qbo_link(const std::string& link_template, const std::string& id) {
    std::string link = link_template;
    for (std::size_t at = link.find("{id}"); at != std::string::npos; at = link.find("{id}", at + id.size())) link.replace(at, 4, id);
    return link;
}

std::string read_qbo_link(sdk::ConfigReader& cfg, std::string_view key, const std::string& fallback, std::string_view what) {
    const std::string link = cfg.value_or<std::string>(key, fallback, "the URL of a " + std::string(what) + ", with {id} where its id goes");
    if (link.find("{id}") == std::string::npos || !sdk::is_http_url(link)) {
        cfg.problems().add(cfg.path_of(key), "\"" + link + "\" is not an http(s) URL with {id} where the " + std::string(what) +
                                                 " id goes (e.g. " + fallback + ").");
    }
    return link;
}

}  // namespace ledgersync::connectors::hubspot
