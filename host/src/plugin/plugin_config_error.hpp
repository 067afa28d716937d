#pragma once
/// A plugin refused the configuration it was given: each problem at its JSON pointer in the
/// host config ("/routes/1/via/0/config/prefix"), so `config check` reports them one by one.

#include <string>
#include <utility>
#include <vector>

#include "plugin/plugin_error.hpp"

namespace ledgersync::plugin {

class PluginConfigError : public PluginError {
public:
    struct Problem {
        std::string path;  ///< JSON pointer in the host config
        std::string message;
    };

    PluginConfigError(std::string file, std::string reason, std::vector<Problem> problems)
        : PluginError(std::move(file), std::move(reason)), problems_(std::move(problems)) {}

    const std::vector<Problem>& problems() const noexcept { return problems_; }

private:
    std::vector<Problem> problems_;
};

}  // namespace ledgersync::plugin
