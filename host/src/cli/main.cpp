#include "cli/command.hpp"

int main(int argc, char** argv) { return ledgersync::cli::main(argc, argv); }
