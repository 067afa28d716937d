#include "cli/configured_store.hpp"

namespace ledgersync::cli {

ConfiguredStore open_config_and_store(const std::string& config_file, std::ostream& err) {
    ConfiguredStore c;
    int exit_code = 0;
    c.config = read_config(config_file, err, exit_code);
    if (!c.config) {
        c.opened.exit_code = exit_code;
        return c;
    }
    c.opened = open_store(config_file, err);
    return c;
}

}  // namespace ledgersync::cli
