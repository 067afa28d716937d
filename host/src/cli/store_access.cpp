#include "cli/store_access.hpp"

#include <ostream>

#include "cli/exit_code.hpp"
#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "store/store_factory.hpp"

namespace ledgersync::cli {

std::optional<store::ObjectKey> parse_object_key(const std::string& text) {
    const auto first = text.find('/');
    if (first == std::string::npos || first == 0) return std::nullopt;
    const auto second = text.find('/', first + 1);
    if (second == std::string::npos || second == first + 1 || second + 1 >= text.size()) return std::nullopt;
    return store::ObjectKey{text.substr(0, first), text.substr(first + 1, second - first - 1), text.substr(second + 1)};
}

std::optional<config::HostConfig> read_config(const std::string& config_file, std::ostream& err, int& exit_code) {
    try {
        return config::load_host_config(config_file);
    } catch (const config::ConfigError& e) {
        err << "ledgersync: invalid configuration\n" << e.what() << "\n";
        exit_code = kExitConfigInvalid;
    } catch (const std::exception& e) {
        err << "ledgersync: " << e.what() << "\n";
        exit_code = kExitFailure;
    }
    return std::nullopt;
}

OpenedStore open_store(const std::string& config_file, std::ostream& err) {
    OpenedStore opened;
    const auto config = read_config(config_file, err, opened.exit_code);
    if (!config) return opened;
    try {
        opened.store = store::open_configured_store(config->store);
    } catch (const std::exception& e) {
        err << "ledgersync: " << e.what() << "\n";
        opened.exit_code = kExitFailure;
    }
    return opened;
}

}  // namespace ledgersync::cli
