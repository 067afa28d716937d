#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include <ledgersync/sdk/outcome.hpp>

#include "services/clock.hpp"
#include "services/secret_box.hpp"
#include "services/stored_connection_state.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace ledgersync::services {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

SecretKey key_of(unsigned char fill) {
    SecretKey key;
    key.fill(fill);
    return key;
}

class StoredConnectionStateTest : public ::testing::Test {
protected:
    StoredConnectionStateTest() : store_(dir_ / "state.db"), logger_(log_), clock_(1000) {}

    std::string raw_value(const std::string& connection, const std::string& key) {
        std::string value;
        store_.read([&](store::StoreTransaction& tx) { value = tx.state_value(connection, key)->value; });
        return value;
    }

    testing::TempDir dir_;
    store::sqlite::SqliteStore store_;
    std::ostringstream log_;
    Logger logger_;
    ManualClock clock_;
};

TEST_F(StoredConnectionStateTest, secrets_are_encrypted_at_rest_and_read_back_in_clear) {
    const SecretBox box(key_of(7));
    StoredConnectionState state(store_, &box, logger_, clock_);
    state.put("qbo", "refresh_token", "AB11-refresh-token-value", true);
    state.put("qbo", "cdc_watermark", "2026-11-26T00:00:00Z", false);
    EXPECT_THAT(raw_value("qbo", "refresh_token"), ::testing::StartsWith("v1:"));
    EXPECT_THAT(raw_value("qbo", "refresh_token"), Not(HasSubstr("AB11")));
    EXPECT_EQ(raw_value("qbo", "cdc_watermark"), "2026-11-26T00:00:00Z");
    EXPECT_EQ(state.get("qbo", "refresh_token"), "AB11-refresh-token-value");
    EXPECT_EQ(state.get("qbo", "nothing"), std::nullopt);
    logger_.info("test", "token AB11-refresh-token-value");
    EXPECT_THAT(log_.str(), Not(HasSubstr("AB11-refresh-token-value")));
    state.remove("qbo", "refresh_token");
    EXPECT_EQ(state.get("qbo", "refresh_token"), std::nullopt);
}

TEST_F(StoredConnectionStateTest, without_a_key_a_secret_is_refused_never_stored_in_clear) {
    StoredConnectionState state(store_, nullptr, logger_, clock_);
    try {
        state.put("qbo", "refresh_token", "AB11-refresh", true);
        FAIL() << "a secret was stored without a key";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::fatal);
        EXPECT_THAT(e.outcome().reason, HasSubstr("no secrets key is configured"));
        EXPECT_THAT(e.outcome().fix_hint, HasSubstr("secrets.key_file"));
    }
    store_.read([](store::StoreTransaction& tx) { EXPECT_FALSE(tx.state_value("qbo", "refresh_token").has_value()); });
}

TEST_F(StoredConnectionStateTest, a_wrong_key_or_a_value_moved_to_another_key_is_a_clear_error) {
    {
        const SecretBox box(key_of(7));
        StoredConnectionState(store_, &box, logger_, clock_).put("qbo", "refresh_token", "AB11-refresh", true);
    }
    const SecretBox other(key_of(9));
    try {
        StoredConnectionState(store_, &other, logger_, clock_).get("qbo", "refresh_token");
        FAIL();
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::fatal);
        EXPECT_THAT(e.outcome().fix_hint, HasSubstr("restore the secrets key"));
    }
    // The same ciphertext copied under another key name does not decrypt: it is bound to its key.
    const std::string token = raw_value("qbo", "refresh_token");
    store_.write([&](store::StoreTransaction& tx) { tx.put_state_value("qbo", "access_token", {token, true, 1}); });
    const SecretBox box(key_of(7));
    EXPECT_THROW(StoredConnectionState(store_, &box, logger_, clock_).get("qbo", "access_token"), sdk::Error);
}

}  // namespace
}  // namespace ledgersync::services
