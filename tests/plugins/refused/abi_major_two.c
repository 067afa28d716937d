/* A plugin built for a future ABI major: the host must refuse it with a clear reason. */
#include <ledgersync/abi.h>

static const ls_plugin_descriptor descriptor = {
    sizeof(ls_plugin_descriptor), 2, 0, LS_KIND_CONNECTOR, "abi_major_two", "1.0.0", NULL, NULL, "9.0.0",
};

LS_PLUGIN_EXPORT const ls_plugin_descriptor* ledgersync_plugin_entry(void) { return &descriptor; }
