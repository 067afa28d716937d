/*
 * A connector exactly as an ABI 1.0 plugin was laid out: a shorter descriptor (no sdk_version)
 * and a shorter connector table (no fetch). Written in plain C against the ABI header only.
 * A 1.1 host must load it, call what it has, and report fetch as unavailable.
 */
#include <stdlib.h>
#include <string.h>

#include <ledgersync/abi.h>

struct ls_instance {
    int reads;
};

static ls_bytes text(const char* s) {
    ls_bytes b;
    b.data = s;
    b.size = strlen(s);
    return b;
}

static ls_status create(const ls_host_services* host, ls_host_context* ctx, ls_bytes config, ls_instance** instance,
                        ls_output* error) {
    (void)config;
    (void)error;
    host->log(ctx, LS_LOG_INFO, text("abi 1.0 connector created"));
    *instance = (ls_instance*)calloc(1, sizeof(ls_instance));
    return LS_STATUS_OK;
}

static void destroy(ls_instance* instance) { free(instance); }

static ls_status check(ls_instance* instance, ls_output* out) {
    (void)instance;
    out->append(out->slot, text("{\"ok\":true,\"details\":\"abi 1.0\"}"));
    return LS_STATUS_OK;
}

static ls_status read_stream(ls_instance* instance, ls_bytes request, ls_output* out) {
    (void)request;
    instance->reads++;
    out->append(out->slot, text("{\"records\":[{\"identity\":{\"system\":\"old\",\"connection\":\"\",\"type\":"
                                "\"invoice\",\"id\":\"1\"},\"version\":\"1\",\"body\":{\"memo\":\"from 1.0\"}}],"
                                "\"cursor\":\"1\",\"has_more\":false}"));
    return LS_STATUS_OK;
}

static ls_status write_batch(ls_instance* instance, ls_bytes batch, ls_output* out) {
    (void)instance;
    (void)batch;
    out->append(out->slot, text("{\"outcomes\":[{\"status\":\"ok\",\"target_id\":\"old-1\"}]}"));
    return LS_STATUS_OK;
}

static const ls_connector_vtable vtable = {
    LS_CONNECTOR_VTABLE_SIZE_1_0, create, destroy, check, read_stream, NULL, write_batch, NULL,
};

static const ls_plugin_descriptor descriptor = {
    LS_PLUGIN_DESCRIPTOR_SIZE_1_0, 1, 0, LS_KIND_CONNECTOR, "abi_1_0_connector", "0.3.0", &vtable, NULL, NULL,
};

LS_PLUGIN_EXPORT const ls_plugin_descriptor* ledgersync_plugin_entry(void) { return &descriptor; }
