// `ledgersync failures show` prints a failure's payload with its amounts exactly as stored.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace ledgersync::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A record as a plugin that writes JSON numbers may have sent it: 12345678901234567.89 has more
// digits than a double keeps (it would print as 1.2345678901234568e+16).
constexpr const char* kPayload =
    R"({"identity":{"system":"erp","connection":"erp","type":"invoice","id":"7"},"version":"1","body":{},)"
    R"("raw":{"TotalAmt":12345678901234567.89,"Fee":0.1}})";

class FailuresCommandTest : public ::testing::Test {
protected:
    FailuresCommandTest() {
        std::ofstream(config_file_) << nlohmann::json{{"data_dir", dir_.path().string()}}.dump();
        store::sqlite::SqliteStore store(dir_ / "ledgersync.db");
        store.write([&](store::StoreTransaction& t) {
            const auto event_id = t.add_event({0, {"erp", "invoice", "7"}, "erp", "1", "{}", 0});
            store::Job job;
            job.route = "erp-to-qbo";
            job.source = {"erp", "invoice", "7"};
            job.source_version = "1";
            job.event_id = event_id.value_or(0);
            job.target_connection = "qbo";
            job.target_type = "invoice";
            job.object_key = "qbo|erp/invoice/7";
            job.idempotency_key = "k7";
            job.operation = "upsert";
            job.payload_json = kPayload;
            store::Failure failure;
            failure.job_id = t.add_job(job);
            failure.route = job.route;
            failure.object = job.source;
            failure.target_connection = "qbo";
            failure.outcome_class = "data";
            failure.reason = "refused";
            failure.payload_json = kPayload;
            failure.attempts = 1;
            failure_id_ = t.put_failure(failure);
        });
    }

    std::string show(bool json) {
        std::ostringstream out, err;
        Arguments args = {"show", std::to_string(failure_id_), "--config", config_file_.string()};
        if (json) args.push_back("--json");
        EXPECT_EQ(failures_command(args, out, err), 0) << err.str();
        return out.str();
    }

    testing::TempDir dir_;
    std::filesystem::path config_file_ = dir_ / "ledgersync.json";
    std::int64_t failure_id_ = 0;
};

TEST_F(FailuresCommandTest, show_json_keeps_every_amount_byte_for_byte) {
    const std::string out = show(true);
    EXPECT_THAT(out, HasSubstr(R"("TotalAmt": 12345678901234567.89)"));
    EXPECT_THAT(out, HasSubstr(R"("Fee": 0.1)"));
    EXPECT_THAT(out, Not(HasSubstr("e+16")));
}

TEST_F(FailuresCommandTest, show_text_keeps_every_amount_byte_for_byte) {
    const std::string out = show(false);
    EXPECT_THAT(out, HasSubstr(R"("TotalAmt": 12345678901234567.89)"));
    EXPECT_THAT(out, HasSubstr("reason:    refused"));
}

}  // namespace
}  // namespace ledgersync::cli
