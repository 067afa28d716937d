// `ledgersync objects show`: an object's sync status and timeline, so an admin sees why a route
// filtered a record out.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/exit_code.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace ledgersync::cli {
namespace {

using ::testing::HasSubstr;

constexpr const char* kReason =
    "the route's filter did not match: currency is \"EUR\", and the route takes only currency in [\"USD\"]";

class ObjectsCommandTest : public ::testing::Test {
protected:
    ObjectsCommandTest() {
        std::ofstream(config_file_) << nlohmann::json{{"data_dir", dir_.path().string()}}.dump();
        store::sqlite::SqliteStore store(dir_ / "ledgersync.db");
        store.write([&](store::StoreTransaction& t) {
            t.add_timeline({{"hubspot", "invoice", "10021"}, 1764940531000, "filtered", "hubspot-invoices-to-qbo", 0, kReason});
            store::SyncStatus status;
            status.object = {"hubspot", "invoice", "10017"};
            status.route = "hubspot-invoices-to-qbo";
            status.target_connection = "qbo";
            status.state = store::SyncState::synced;
            status.target_id = "42";
            t.put_sync_status(status);
        });
    }

    int run(const Arguments& args) {
        out_.str("");
        err_.str("");
        Arguments all = args;
        all.insert(all.end(), {"--config", config_file_.string()});
        return objects_command(all, out_, err_);
    }

    testing::TempDir dir_;
    std::filesystem::path config_file_ = dir_ / "ledgersync.json";
    std::ostringstream out_, err_;
};

TEST_F(ObjectsCommandTest, shows_why_a_route_filtered_an_object_out_as_text_and_json) {
    ASSERT_EQ(run({"show", "hubspot/invoice/10021"}), kExitOk) << err_.str();
    EXPECT_THAT(out_.str(), HasSubstr("(not routed to any target)"));
    EXPECT_THAT(out_.str(), HasSubstr(std::string("filtered         hubspot-invoices-to-qbo: ") + kReason));

    ASSERT_EQ(run({"show", "hubspot/invoice/10021", "--json"}), kExitOk) << err_.str();
    const auto shown = nlohmann::json::parse(out_.str());
    EXPECT_EQ(shown["object"], "hubspot/invoice/10021");
    ASSERT_EQ(shown["timeline"].size(), 1u);
    EXPECT_EQ(shown["timeline"][0]["event"], "filtered");
    EXPECT_EQ(shown["timeline"][0]["detail"], kReason);
}

TEST_F(ObjectsCommandTest, shows_the_sync_status_with_the_targets_id) {
    ASSERT_EQ(run({"show", "hubspot/invoice/10017"}), kExitOk) << err_.str();
    EXPECT_THAT(out_.str(), HasSubstr("hubspot-invoices-to-qbo"));
    EXPECT_THAT(out_.str(), HasSubstr("-> qbo: synced (id 42)"));
}

TEST_F(ObjectsCommandTest, an_unknown_object_exits_5_and_a_malformed_key_exits_2) {
    EXPECT_EQ(run({"show", "hubspot/invoice/999"}), kExitNotFound);
    EXPECT_THAT(err_.str(), HasSubstr("knows nothing of hubspot/invoice/999"));
    EXPECT_EQ(run({"show", "hubspot-invoice-999"}), kExitUsage);
    EXPECT_THAT(err_.str(), HasSubstr("CONNECTION/TYPE/ID"));
    EXPECT_EQ(run({"list"}), kExitUsage);
}

}  // namespace
}  // namespace ledgersync::cli
