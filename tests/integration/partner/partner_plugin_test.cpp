// Loads the SDK template's plugins, built out of tree by clang++ against the installed SDK,
// into this g++-built host code, and runs them through the C ABI. Driven by
// build_with_clang_and_load.sh, which passes the plugin directory in the environment.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <thread>

#include <ledgersync/sdk/version.hpp>

#include "child_process.hpp"
#include "plugin/connector_instance.hpp"
#include "plugin/mapper_instance.hpp"
#include "plugin/plugin_loader.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"
#include "temp_dir.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;

std::filesystem::path plugin_dir() {
    const char* dir = std::getenv("LEDGERSYNC_PARTNER_PLUGIN_DIR");
    if (dir == nullptr) throw std::runtime_error("LEDGERSYNC_PARTNER_PLUGIN_DIR is not set; run build_with_clang_and_load.sh");
    return dir;
}

class PartnerPluginTest : public ::testing::Test {
protected:
    PartnerPluginTest() : logger_(log_), clock_(0) {
        services_.logger = &logger_;
        services_.metrics = &metrics_;
        services_.clock = &clock_;
    }
    std::ostringstream log_;
    services::Logger logger_;
    services::MetricsRegistry metrics_;
    services::ManualClock clock_;
    plugin::PluginServices services_;
};

TEST_F(PartnerPluginTest, clang_built_connector_reads_and_writes_idempotently_in_the_gcc_host) {
    const auto manifest = plugin::PluginManifest::load(plugin_dir() / "file_drop.manifest.json");
    const auto loaded = plugin::PluginLoader::load(manifest);
    EXPECT_EQ(loaded->sdk_version(), LEDGERSYNC_SDK_VERSION);

    testing::TempDir dir;
    dir.write("inbox.jsonl", R"({"id":"inv-1","total":"19.99"})" "\n" R"({"id":"inv-2","total":"0.10"})" "\n");
    auto connector = plugin::ConnectorInstance::create(
        loaded, "drop", {{"inbox", (dir / "inbox.jsonl").string()}, {"outbox", (dir / "outbox.jsonl").string()}},
        "/connections/drop/config", services_);
    EXPECT_TRUE(connector->check().ok);
    const auto page = connector->read({"invoice", std::nullopt});
    ASSERT_EQ(page.records.size(), 2u);
    EXPECT_EQ(page.records[1].body["total"], "0.10");
    EXPECT_EQ(page.cursor, std::to_string(std::filesystem::file_size(dir / "inbox.jsonl")));  // all consumed

    sdk::WriteItem item;
    item.idempotency_key = "route:file_drop/invoice/inv-1:create:1";
    item.operation = "create";
    item.record = page.records[0];
    EXPECT_EQ(connector->write({item}).at(0).action, "created");
    EXPECT_EQ(connector->write({item}).at(0).action, "unchanged");  // a retry writes nothing twice
    const std::string outbox = testing::read_file(dir / "outbox.jsonl");
    EXPECT_EQ(std::count(outbox.begin(), outbox.end(), '\n'), 1);

    try {
        plugin::ConnectorInstance::create(loaded, "drop", {{"inbox", "x"}}, "/connections/drop/config", services_);
        FAIL();
    } catch (const plugin::PluginError& e) {
        EXPECT_THAT(e.reason(), HasSubstr("/connections/drop/config/outbox: required key is missing"));
    }
}

TEST_F(PartnerPluginTest, clang_built_connector_takes_concurrent_writes_as_the_threading_contract_allows) {
    // Delivery workers write batches at once (docs/sdk.md, "Threads"); retries of the same key
    // may race each other after a lease expired. The template guards its outbox with a mutex.
    const auto loaded = plugin::PluginLoader::load(plugin::PluginManifest::load(plugin_dir() / "file_drop.manifest.json"));
    testing::TempDir dir;
    dir.write("inbox.jsonl", "");
    auto connector = plugin::ConnectorInstance::create(
        loaded, "drop", {{"inbox", (dir / "inbox.jsonl").string()}, {"outbox", (dir / "outbox.jsonl").string()}},
        "/connections/drop/config", services_);
    constexpr int kThreads = 4;
    constexpr int kKeys = 50;
    std::vector<std::thread> workers;
    for (int t = 0; t < kThreads; ++t) {
        workers.emplace_back([&] {
            for (int k = 0; k < kKeys; ++k) {
                sdk::WriteItem item;
                item.idempotency_key = "key-" + std::to_string(k);  // every thread writes every key
                item.operation = "create";
                item.record.identity = {"file_drop", "drop", "invoice", "inv-" + std::to_string(k)};
                item.record.body = {{"total", "1.00"}};
                connector->write({item});
            }
        });
    }
    for (auto& worker : workers) worker.join();
    std::istringstream lines(testing::read_file(dir / "outbox.jsonl"));
    std::map<std::string, int> written;
    for (std::string line; std::getline(lines, line);) {
        ++written[nlohmann::json::parse(line).at("idempotency_key").get<std::string>()];  // whole lines only
    }
    EXPECT_EQ(written.size(), static_cast<std::size_t>(kKeys));
    for (const auto& [key, times] : written) EXPECT_EQ(times, 1) << key << " was written " << times << " times";
}

TEST_F(PartnerPluginTest, clang_built_mapper_maps_and_reports_data_errors) {
    const auto loaded = plugin::PluginLoader::load(plugin::PluginManifest::load(plugin_dir() / "memo_prefix.manifest.json"));
    auto mapper = plugin::MapperInstance::create(loaded, "route r step 1", {{"prefix", "HS: "}}, "", services_);
    sdk::Record record;
    record.identity = {"file_drop", "drop", "invoice", "inv-1"};
    record.body = {{"memo", "thanks"}};
    EXPECT_EQ(mapper->map(record).at(0).body["memo"], "HS: thanks");
    record.body["memo"] = 5;
    try {
        mapper->map(record);
        FAIL();
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::data);
        EXPECT_THAT(e.outcome().reason, HasSubstr("drop/invoice/inv-1: memo is number"));
    }
}

}  // namespace
}  // namespace ledgersync
