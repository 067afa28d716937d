#include "services/install_layout.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

namespace ledgersync::services {

std::filesystem::path beside_executable(const std::filesystem::path& relative) {
    if (relative.is_absolute()) return relative.lexically_normal();
    std::error_code ec;
    const std::filesystem::path program = boost::dll::program_location(ec);
    if (ec) return {};
    return (program.parent_path() / relative).lexically_normal();
}

}  // namespace ledgersync::services
