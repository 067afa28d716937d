// `ledgersync store migrate` on both engines: a new database gets the whole schema, a second
// run has nothing to do, and a database a newer ledgersync wrote is refused with what to do.
// The DSN is a secret: it comes from the environment and never shows in the output.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "child_process.hpp"
#include "scratch_store.hpp"

namespace ledgersync::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class StoreMigrateCommandTest : public ::testing::TestWithParam<testing::StoreEngine> {
protected:
    StoreMigrateCommandTest() {
        nlohmann::json store = database_.store_config();
        if (GetParam() == testing::StoreEngine::postgresql) {
            dsn_ = store["postgresql"]["dsn"].get<std::string>() + " password=not-a-real-secret";
            store["postgresql"]["dsn"] = "${env:LEDGERSYNC_PG_DSN}";
        }
        testing::write_file(config_, nlohmann::json{{"data_dir", (dir_ / "data").string()}, {"store", store}}.dump());
    }

    testing::CommandResult migrate() {
        return testing::run_command(LEDGERSYNC_BINARY, {"store", "migrate", "--config", config_.string()},
                                    {{"LEDGERSYNC_PG_DSN", dsn_}});
    }

    testing::ScratchDatabase database_{GetParam()};
    testing::TempDir dir_;
    std::filesystem::path config_ = dir_ / "ledgersync.json";
    std::string dsn_;
};

TEST_P(StoreMigrateCommandTest, migrates_a_new_database_once_and_refuses_one_a_newer_ledgersync_wrote) {
    const auto first = migrate();
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_THAT(first.out, HasSubstr("from schema version 0 to "));

    const auto again = migrate();
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_THAT(again.out, HasSubstr("nothing to migrate"));

    database_.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', 0)");
    const auto newer = migrate();
    EXPECT_EQ(newer.exit_code, 1);
    EXPECT_THAT(newer.err, HasSubstr("has schema version 999 but this ledgersync knows versions up to"));
    EXPECT_THAT(newer.err, HasSubstr("run that version, or restore a backup"));
    for (const auto* output : {&first.out, &first.err, &again.out, &newer.err}) {
        EXPECT_THAT(*output, Not(HasSubstr("not-a-real-secret")));
    }
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreMigrateCommandTest,
                         ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql),
                         [](const auto& engine) { return testing::to_string(engine.param); });

}  // namespace
}  // namespace ledgersync::store
