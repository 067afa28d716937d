// Secret masking of what a mapper says: its failure reasons reach the failures table, logs and
// HTTP bodies, so they pass through the host's masking like a connector's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include <ledgersync/abi.h>
#include <ledgersync/sdk/bytes.hpp>
#include <ledgersync/sdk/outcome.hpp>

#include "plugin/mapper_instance.hpp"
#include "services/logger.hpp"

namespace ledgersync::plugin {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ls_status leaky_create(const ls_host_services*, ls_host_context*, ls_bytes, ls_instance** instance, ls_output*) {
    static int token = 0;
    *instance = reinterpret_cast<ls_instance*>(&token);
    return LS_STATUS_OK;
}
void leaky_destroy(ls_instance*) {}

// Quotes the credential of a lookup it made, as a careless mapper might.
ls_status leaky_map(ls_instance*, ls_bytes, ls_output* out) {
    sdk::OutputWriter(out).fail(LS_STATUS_DATA, "price list lookup refused key pk-0123456789abcdef");
    return LS_STATUS_DATA;
}

TEST(MapperInstanceTest, a_failure_reason_is_masked_before_the_host_keeps_it) {
    std::ostringstream log;
    services::Logger logger(log);
    logger.replace_secrets("config leaky/key", {"pk-0123456789abcdef"});
    PluginServices services;
    services.logger = &logger;

    ls_mapper_vtable vtable{};
    vtable.struct_size = sizeof(vtable);
    vtable.create = &leaky_create;
    vtable.destroy = &leaky_destroy;
    vtable.map = &leaky_map;
    ls_plugin_descriptor descriptor{};
    descriptor.struct_size = sizeof(descriptor);
    descriptor.abi_major = LS_ABI_MAJOR;
    descriptor.abi_minor = LS_ABI_MINOR;
    descriptor.kind = LS_KIND_MAPPER;
    descriptor.id = "leaky";
    descriptor.version = "1.0.0";
    descriptor.mapper = &vtable;
    PluginManifest manifest;
    manifest.id = "leaky";
    manifest.version = "1.0.0";
    auto mapper = MapperInstance::create(std::make_shared<const LoadedPlugin>(manifest, descriptor), "route-1",
                                         nlohmann::json::object(), "/routes/0/via/0/config", services);

    for (const auto& call : {+[](const MapperInstance& m) { m.map_text("{}"); },
                             +[](const MapperInstance& m) { m.map_json(nlohmann::json::object()); }}) {
        try {
            call(*mapper);
            ADD_FAILURE() << "the mapper's failure was not reported";
        } catch (const sdk::Error& e) {
            EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::data);
            EXPECT_THAT(e.outcome().reason, HasSubstr("price list lookup refused key ***"));
            EXPECT_THAT(e.outcome().reason, Not(HasSubstr("0123456789abcdef")));
            EXPECT_THAT(std::string(e.what()), Not(HasSubstr("0123456789abcdef")));
        }
    }
}

}  // namespace
}  // namespace ledgersync::plugin
