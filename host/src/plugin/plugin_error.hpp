#pragma once
/// Why a plugin was refused. The message always names the file and the reason.

#include <stdexcept>
#include <string>

namespace ledgersync::plugin {

class PluginError : public std::runtime_error {
public:
    PluginError(std::string file, std::string reason)
        : std::runtime_error(file + ": " + reason), file_(std::move(file)), reason_(std::move(reason)) {}

    const std::string& file() const noexcept { return file_; }
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string file_;
    std::string reason_;
};

}  // namespace ledgersync::plugin
