#pragma once
/// Boost.Program_options plumbing shared by the subcommands.

#include <iosfwd>
#include <optional>
#include <string>

#include <boost/program_options.hpp>

#include "cli/command.hpp"

namespace ledgersync::cli {

namespace po = boost::program_options;

/// Parses `args` against `options` (and `positional`); adds --help. Returns nullopt when the
/// command is done already: help printed (exit 0) or a usage error reported (exit 2), with the
/// exit code in `exit_code`.
std::optional<po::variables_map> parse_options(const Arguments& args, const std::string& usage,
                                               po::options_description options,
                                               const po::positional_options_description& positional,
                                               std::ostream& out, std::ostream& err, int& exit_code);

}  // namespace ledgersync::cli
