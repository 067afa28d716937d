#include "cli/options.hpp"

#include <ostream>

#include "cli/exit_code.hpp"

namespace ledgersync::cli {

std::optional<po::variables_map> parse_options(const Arguments& args, const std::string& usage,
                                               po::options_description options,
                                               const po::positional_options_description& positional,
                                               std::ostream& out, std::ostream& err, int& exit_code) {
    options.add_options()("help,h", "print this help");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
        if (vm.count("help") != 0) {
            out << usage << "\n" << options;
            exit_code = kExitOk;
            return std::nullopt;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        err << "ledgersync: " << e.what() << "\n\n" << usage << "\n" << options;
        exit_code = kExitUsage;
        return std::nullopt;
    }
    return vm;
}

}  // namespace ledgersync::cli
