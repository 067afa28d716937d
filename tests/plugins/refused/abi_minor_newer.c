/* A plugin built for a newer minor than the host knows: refused, the host must be upgraded. */
#include <ledgersync/abi.h>

static const ls_plugin_descriptor descriptor = {
    sizeof(ls_plugin_descriptor), LS_ABI_MAJOR, LS_ABI_MINOR + 8, LS_KIND_CONNECTOR, "abi_minor_newer", "1.0.0",
    NULL, NULL, "0.9.0",
};

LS_PLUGIN_EXPORT const ls_plugin_descriptor* ledgersync_plugin_entry(void) { return &descriptor; }
