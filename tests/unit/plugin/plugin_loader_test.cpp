#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include <ledgersync/sdk/outcome.hpp>

#include "plugin/connector_instance.hpp"
#include "plugin/mapper_instance.hpp"
#include "plugin/plugin_catalog.hpp"
#include "plugin/plugin_loader.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"
#include "temp_dir.hpp"

namespace ledgersync::plugin {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kGood = LEDGERSYNC_TEST_PLUGIN_DIR;
const fs::path kRefused = LEDGERSYNC_REFUSED_PLUGIN_DIR;

class PluginLoaderTest : public ::testing::Test {
protected:
    PluginLoaderTest() : logger_(log_, services::LogLevel::debug), clock_(1'700'000'000'000) {
        services_.logger = &logger_;
        services_.metrics = &metrics_;
        services_.clock = &clock_;
    }

    static PluginManifest manifest(const fs::path& dir, const std::string& id) {
        return PluginManifest::load(dir / (id + ".manifest.json"));
    }

    // Loads the plugin and expects a refusal whose message names the library and the reason.
    static void expect_refused(const fs::path& dir, const std::string& id, const std::string& reason) {
        const auto m = manifest(dir, id);
        try {
            PluginLoader::load(m);
            FAIL() << id << " was loaded but must be refused";
        } catch (const PluginError& e) {
            EXPECT_EQ(e.file(), m.library_path.string());
            EXPECT_THAT(std::string(e.what()), HasSubstr(m.library_path.string()));
            EXPECT_THAT(e.reason(), HasSubstr(reason));
        }
    }

    std::ostringstream log_;
    services::Logger logger_;
    services::MetricsRegistry metrics_;
    services::ManualClock clock_;
    PluginServices services_;
};

TEST_F(PluginLoaderTest, refuses_a_different_abi_major_naming_both_versions) {
    expect_refused(kRefused, "abi_major_two", "built for ABI 2.0 but this host speaks ABI 1.");
}

TEST_F(PluginLoaderTest, refuses_a_newer_abi_minor_asking_for_an_upgrade) {
    expect_refused(kRefused, "abi_minor_newer", "newer than this host's ABI");
}

TEST_F(PluginLoaderTest, refuses_a_library_without_the_entry_symbol) {
    expect_refused(kRefused, "no_entry", "does not export the entry symbol 'ledgersync_plugin_entry'");
}

TEST_F(PluginLoaderTest, refuses_a_library_whose_manifest_disagrees) {
    expect_refused(kRefused, "manifest_mismatch", "the library says version '1.0.0' but its manifest");
}

TEST_F(PluginLoaderTest, refuses_a_file_that_is_not_a_shared_object) {
    testing::TempDir dir;
    dir.write("impostor.manifest.json",
              R"({"id":"impostor","kind":"connector","version":"1.0.0","abi":"1.1"})");
    dir.write("impostor.so", "#!/bin/sh\necho I am not a library\n");
    expect_refused(dir.path(), "impostor", "not a loadable shared object");
}

TEST_F(PluginLoaderTest, refuses_a_manifest_whose_library_is_missing) {
    testing::TempDir dir;
    dir.write("ghost.manifest.json", R"({"id":"ghost","kind":"mapper","version":"1.0.0","abi":"1.1"})");
    expect_refused(dir.path(), "ghost", "library file is missing");
}

TEST_F(PluginLoaderTest, refuses_an_instance_whose_create_throws_without_unwinding_into_the_host) {
    const auto m = manifest(kRefused, "throwing_create");
    const auto loaded = PluginLoader::load(m);  // the library itself is fine
    try {
        ConnectorInstance::create(loaded, "fire", nlohmann::json::object(), "/connections/fire/config", services_);
        FAIL() << "create() threw inside the plugin but the host got an instance";
    } catch (const PluginError& e) {
        EXPECT_EQ(e.file(), m.library_path.string());
        EXPECT_THAT(e.reason(), HasSubstr("could not create an instance for 'fire'"));
        EXPECT_THAT(e.reason(), HasSubstr("the database is on fire"));
    }
}

TEST_F(PluginLoaderTest, reports_plugin_config_problems_at_their_path_in_the_host_config) {
    const auto loaded = PluginLoader::load(manifest(kGood, "echo"));
    try {
        ConnectorInstance::create(loaded, "src", nlohmann::json{{"recrods", 3}, {"records", "many"}},
                                  "/connections/src/config", services_);
        FAIL() << "invalid config accepted";
    } catch (const PluginError& e) {
        EXPECT_THAT(e.reason(), HasSubstr("/connections/src/config/recrods: unknown key; did you mean \"records\"?"));
        EXPECT_THAT(e.reason(), HasSubstr("/connections/src/config/records: expected an integer, got string"));
    }
}

TEST_F(PluginLoaderTest, loads_the_same_library_once) {
    const auto first = PluginLoader::load(manifest(kGood, "echo"));
    const auto second = PluginLoader::load(manifest(kGood, "echo"));
    EXPECT_EQ(first.get(), second.get());
}

TEST_F(PluginLoaderTest, echo_connector_reads_pages_with_a_cursor_and_writes_through_the_abi) {
    auto connector = ConnectorInstance::create(PluginLoader::load(manifest(kGood, "echo")), "src",
                                               nlohmann::json{{"records", 5}, {"page_size", 2}}, "", services_);
    EXPECT_TRUE(connector->check().ok);

    auto page = connector->read({"invoice", std::nullopt});
    ASSERT_EQ(page.records.size(), 2u);
    EXPECT_EQ(page.records[0].identity.id, "1");
    EXPECT_EQ(page.cursor, "2");
    EXPECT_TRUE(page.has_more);
    page = connector->read({"invoice", std::string("4")});
    ASSERT_EQ(page.records.size(), 1u);
    EXPECT_FALSE(page.has_more);
    EXPECT_EQ(metrics_.value("ledgersync_plugin_records_generated", {{"connection", "src"}, {"plugin", "echo"}}), 3);

    sdk::WriteItem item;
    item.idempotency_key = "k1";
    item.operation = "create";
    item.record = page.records[0];
    const auto outcomes = connector->write({item, item});
    ASSERT_EQ(outcomes.size(), 2u);
    EXPECT_TRUE(outcomes[0].is_ok());
    EXPECT_EQ(outcomes[0].target_id, "echo-5");

    const auto document = connector->fetch({"text", "42"});
    EXPECT_EQ(document.content_type, "text/plain");
    EXPECT_EQ(document.bytes, "echo document text 42");
}

TEST_F(PluginLoaderTest, an_unsupported_stream_is_reported_as_unsupported_not_as_a_crash) {
    auto connector = ConnectorInstance::create(PluginLoader::load(manifest(kGood, "echo")), "src",
                                               nlohmann::json::object(), "", services_);
    EXPECT_THROW(connector->read({"payment", std::nullopt}), sdk::Unsupported);
}

TEST_F(PluginLoaderTest, a_webhook_error_from_the_plugin_arrives_classified) {
    auto connector = ConnectorInstance::create(PluginLoader::load(manifest(kGood, "echo")), "src",
                                               nlohmann::json::object(), "", services_);
    sdk::HttpRequest request;
    request.method = "POST";
    request.body = R"({"no_id": true})";
    try {
        connector->webhook(request);
        FAIL();
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::data);
        EXPECT_THAT(e.outcome().reason, HasSubstr("no \"id\""));
    }
    request.body = R"({"id": "77", "amount": 19.99})";
    const auto result = connector->webhook(request);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].body["amount"], "19.99");  // exact text, never a double
}

TEST_F(PluginLoaderTest, an_abi_1_0_plugin_loads_and_works_without_the_1_1_members) {
    const auto loaded = PluginLoader::load(manifest(kGood, "abi_1_0_connector"));
    EXPECT_EQ(loaded->abi_major(), 1);
    EXPECT_EQ(loaded->abi_minor(), 0);
    EXPECT_EQ(loaded->sdk_version(), "");  // not in a 1.0 descriptor: never read past struct_size
    EXPECT_EQ(loaded->connector().fetch, nullptr);

    auto connector = ConnectorInstance::create(loaded, "old", nlohmann::json::object(), "", services_);
    EXPECT_THAT(log_.str(), HasSubstr("abi 1.0 connector created"));
    EXPECT_TRUE(connector->check().ok);
    const auto page = connector->read({"invoice", std::nullopt});
    ASSERT_EQ(page.records.size(), 1u);
    EXPECT_EQ(page.records[0].body["memo"], "from 1.0");
    sdk::WriteItem item;
    item.idempotency_key = "k";
    item.operation = "create";
    item.record = page.records[0];
    EXPECT_EQ(connector->write({item}).at(0).target_id, "old-1");
    EXPECT_THROW(connector->fetch({"invoice_pdf", "1"}), sdk::Unsupported);
}

TEST_F(PluginLoaderTest, mapper_maps_and_reports_data_errors_for_one_record) {
    auto mapper = MapperInstance::create(PluginLoader::load(manifest(kGood, "uppercase")), "route r step 1",
                                         nlohmann::json{{"fields", {"memo"}}}, "", services_);
    sdk::Record record;
    record.identity = {"echo", "src", "invoice", "1"};
    record.body = {{"memo", "thank you"}, {"number", "A-1"}};
    const auto mapped = mapper->map(record);
    ASSERT_EQ(mapped.size(), 1u);
    EXPECT_EQ(mapped[0].body["memo"], "THANK YOU");
    EXPECT_EQ(mapped[0].body["number"], "A-1");

    record.body["memo"] = 12;
    try {
        mapper->map(record);
        FAIL();
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::data);
        EXPECT_THAT(e.outcome().reason, HasSubstr("src/invoice/1: field 'memo' is number"));
        EXPECT_THAT(e.outcome().fix_hint, HasSubstr("remove 'memo'"));
    }
}

TEST(PluginCatalogTest, lists_plugins_from_manifests_and_reports_bad_ones_without_loading_anything) {
    testing::TempDir dir;
    dir.write("zeta.manifest.json", R"({"id":"zeta","kind":"mapper","version":"2.1.0","abi":"1.1"})");
    dir.write("zeta.so", "not even a library: listing must not care");
    dir.write("broken.manifest.json", R"({"id":"broken","kind":"gadget"})");
    const auto catalog = PluginCatalog::discover({dir.path(), dir / "missing"});
    ASSERT_EQ(catalog.plugins().size(), 1u);
    EXPECT_EQ(catalog.plugins()[0].id, "zeta");
    EXPECT_EQ(catalog.plugins()[0].library_path, dir / "zeta.so");
    ASSERT_EQ(catalog.problems().size(), 2u);
    EXPECT_THAT(catalog.problems()[0].what(), HasSubstr("broken.manifest.json"));
    EXPECT_THAT(catalog.problems()[0].what(), HasSubstr("/kind: \"gadget\" is not allowed"));
    EXPECT_THAT(catalog.problems()[0].what(), HasSubstr("/version: required key is missing"));
    EXPECT_THAT(catalog.problems()[1].what(), HasSubstr("does not exist"));
}

}  // namespace
}  // namespace ledgersync::plugin
