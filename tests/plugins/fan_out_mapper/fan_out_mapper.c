/*
 * A mapper for tests, written in plain C against the ABI as a plugin without the SDK may be: it
 * returns the record it is given twice ([record, record]), byte for byte, numbers and all. What
 * such a plugin writes is whatever JSON it likes, so the host must carry JSON numbers such as
 * 12345678901234567.89 on exactly.
 */
#include <stdlib.h>
#include <string.h>

#include <ledgersync/abi.h>

struct ls_instance {
    int unused;
};

static ls_bytes text(const char* s) {
    ls_bytes b;
    b.data = s;
    b.size = strlen(s);
    return b;
}

static ls_status create(const ls_host_services* host, ls_host_context* ctx, ls_bytes config, ls_instance** instance,
                        ls_output* error) {
    (void)host;
    (void)ctx;
    (void)config;
    (void)error;
    *instance = (ls_instance*)calloc(1, sizeof(ls_instance));
    return LS_STATUS_OK;
}

static void destroy(ls_instance* instance) { free(instance); }

static ls_status map(ls_instance* instance, ls_bytes record, ls_output* out) {
    (void)instance;
    out->append(out->slot, text("["));
    out->append(out->slot, record);
    out->append(out->slot, text(","));
    out->append(out->slot, record);
    out->append(out->slot, text("]"));
    return LS_STATUS_OK;
}

static const ls_mapper_vtable vtable = {sizeof(ls_mapper_vtable), create, destroy, map};

static const ls_plugin_descriptor descriptor = {
    sizeof(ls_plugin_descriptor), LS_ABI_MAJOR, LS_ABI_MINOR, LS_KIND_MAPPER, "fan_out", "1.0.0", NULL, &vtable, "test",
};

LS_PLUGIN_EXPORT const ls_plugin_descriptor* ledgersync_plugin_entry(void) { return &descriptor; }
