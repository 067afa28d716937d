// A route's mapper chain carries records on exactly as the mappers wrote them: amounts that a
// double cannot hold come out byte for byte, also when a mapper fans one record out into several.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "bus/mapper_chain.hpp"
#include "plugin/mapper_instance.hpp"
#include "plugin/plugin_loader.hpp"
#include "plugin/plugin_manifest.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"

namespace ledgersync::bus {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

// 0.1 has no binary form and 12345678901234567.89 more digits than a double keeps: through
// nlohmann::json::parse they come out as 0.1 (by luck of printing) and 1.2345678901234568e+16.
constexpr const char* kRecord =
    R"({"identity":{"system":"erp","connection":"erp","type":"invoice","id":"7"},"version":"1",)"
    R"("body":{"memo":"x"},"raw":{"TotalAmt":12345678901234567.89,"Fee":0.1,"Rate":0.0825}})";

class MapperChainTest : public ::testing::Test {
protected:
    MapperChainTest() : logger_(log_, services::LogLevel::debug), clock_(1'700'000'000'000) {
        services_.logger = &logger_;
        services_.metrics = &metrics_;
        services_.clock = &clock_;
    }

    MapperChain fan_out_chain() {
        const auto manifest = plugin::PluginManifest::load(fs::path(LEDGERSYNC_TEST_PLUGIN_DIR) / "fan_out.manifest.json");
        std::vector<std::unique_ptr<plugin::MapperInstance>> steps;
        steps.push_back(plugin::MapperInstance::create(plugin::PluginLoader::load(manifest), "route/fan_out",
                                                       nlohmann::json::object(), "/routes/0/mappers/0", services_));
        return MapperChain(std::move(steps));
    }

    std::ostringstream log_;
    services::Logger logger_;
    services::MetricsRegistry metrics_;
    services::ManualClock clock_;
    plugin::PluginServices services_;
};

TEST_F(MapperChainTest, amounts_survive_a_fan_out_byte_for_byte) {
    const MapperChain chain = fan_out_chain();
    const auto outputs = chain.map(kRecord);
    ASSERT_EQ(outputs.size(), 2u);
    for (const auto& output : outputs) {
        EXPECT_EQ(output.identity.id, "7");
        EXPECT_THAT(output.text, HasSubstr(R"("TotalAmt":12345678901234567.89)"));
        EXPECT_THAT(output.text, HasSubstr(R"("Fee":0.1)"));
        EXPECT_THAT(output.text, HasSubstr(R"("Rate":0.0825)"));
        EXPECT_THAT(output.text, Not(HasSubstr("e+16")));
    }
}

}  // namespace
}  // namespace ledgersync::bus
