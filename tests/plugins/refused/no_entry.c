/* A shared object that exports no ledgersync entry symbol. */
#include <ledgersync/abi.h>

LS_PLUGIN_EXPORT int some_other_function(void) { return 42; }
