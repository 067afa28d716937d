#pragma once
/// A configuration that cannot be used, with every problem found (not only the first).

#include <stdexcept>
#include <string>

#include <ledgersync/sdk/config_reader.hpp>

namespace ledgersync::config {

class ConfigError : public std::runtime_error {
public:
    ConfigError(std::string file, sdk::ConfigProblems problems)
        : std::runtime_error(render(file, problems)), file_(std::move(file)), problems_(std::move(problems)) {}

    const std::string& file() const noexcept { return file_; }
    const sdk::ConfigProblems& problems() const noexcept { return problems_; }

private:
    static std::string render(const std::string& file, const sdk::ConfigProblems& problems) {
        std::string text = file + ": " + std::to_string(problems.all().size()) +
                           (problems.all().size() == 1 ? " problem" : " problems");
        for (const auto& p : problems.all()) text += "\n  " + (p.path.empty() ? std::string("/") : p.path) + ": " + p.message;
        return text;
    }

    std::string file_;
    sdk::ConfigProblems problems_;
};

}  // namespace ledgersync::config
