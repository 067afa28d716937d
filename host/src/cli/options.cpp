#include "cli/options.hpp"

#include <ostream>
#include <set>
#include <string>

#include "cli/exit_code.hpp"

namespace ledgersync::cli {

namespace {

/// `options` without the ones filled from positional arguments: those are shown in the usage
/// line ("plugins inspect NAME"), not as internal "--name arg" options.
po::options_description visible_options(const po::options_description& options,
                                        const po::positional_options_description& positional) {
    std::set<std::string> positional_names;
    // max_total_count() is UINT_MAX for a trailing "any number of" argument: its name repeats.
    for (unsigned i = 0; i < positional.max_total_count() && i < 16; ++i) {
        positional_names.insert(positional.name_for_position(i));
    }
    po::options_description visible("options");
    for (const auto& option : options.options()) {
        if (positional_names.count(option->long_name()) == 0) visible.add(option);
    }
    return visible;
}

}  // namespace

std::optional<po::variables_map> parse_options(const Arguments& args, const std::string& usage,
                                               po::options_description options,
                                               const po::positional_options_description& positional,
                                               std::ostream& out, std::ostream& err, int& exit_code) {
    options.add_options()("help,h", "print this help");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
        if (vm.count("help") != 0) {
            out << usage << "\n\n" << visible_options(options, positional);
            exit_code = kExitOk;
            return std::nullopt;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        err << "ledgersync: " << e.what() << "\n\n" << usage << "\n\n" << visible_options(options, positional);
        exit_code = kExitUsage;
        return std::nullopt;
    }
    return vm;
}

}  // namespace ledgersync::cli
