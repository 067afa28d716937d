#include "services/stored_connection_state.hpp"

#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::services {

namespace {

std::string associated_data(std::string_view connection, std::string_view key) {
    return std::string(connection) + "/" + std::string(key);
}

/// Under which name the logger keeps a state value's secret: one value per key, so a rotated
/// token replaces the previous one instead of adding to the masked set forever.
std::string secret_owner(std::string_view connection, std::string_view key) {
    return "state " + associated_data(connection, key);
}

}  // namespace

StoredConnectionState::StoredConnectionState(store::Store& store, const SecretBox* box, Logger& logger,
                                             const Clock& clock)
    : store_(store), box_(box), logger_(logger), clock_(clock) {}

std::optional<std::string> StoredConnectionState::get(std::string_view connection, std::string_view key) {
    std::optional<store::StateValue> stored;
    store_.read([&](store::StoreTransaction& tx) { stored = tx.state_value(std::string(connection), std::string(key)); });
    if (!stored) return std::nullopt;
    if (!stored->secret) return stored->value;
    if (box_ == nullptr) {
        throw sdk::Error(sdk::Outcome::fatal(
            "the secret '" + std::string(key) + "' of connection '" + std::string(connection) +
                "' is stored encrypted, but no secrets key is configured",
            "set secrets.key_file or secrets.key_env to the key it was encrypted with"));
    }
    try {
        std::string value = box_->decrypt(stored->value, associated_data(connection, key));
        logger_.replace_secrets(secret_owner(connection, key), {value});
        return value;
    } catch (const SecretBoxError& e) {
        throw sdk::Error(sdk::Outcome::fatal(e.what(), "restore the secrets key this value was encrypted with, or "
                                                       "reconnect the connection to store new credentials"));
    }
}

void StoredConnectionState::put(std::string_view connection, std::string_view key, std::string_view value,
                                bool secret) {
    std::string stored(value);
    if (secret) {
        // Masked from now on, even when storing it fails below.
        logger_.replace_secrets(secret_owner(connection, key), {std::string(value)});
        if (box_ == nullptr) {
            throw sdk::Error(sdk::Outcome::fatal(
                "connection '" + std::string(connection) + "' wants to store the secret '" + std::string(key) +
                    "', but no secrets key is configured, and secrets are never stored in clear",
                "create a key with `ledgersync keys generate /etc/ledgersync/secret.key` and set secrets.key_file"));
        }
        stored = box_->encrypt(value, associated_data(connection, key));
    }
    const std::int64_t now = clock_.now_ms();
    store_.write([&](store::StoreTransaction& tx) {
        tx.put_state_value(std::string(connection), std::string(key), {stored, secret, now});
    });
}

void StoredConnectionState::remove(std::string_view connection, std::string_view key) {
    store_.write([&](store::StoreTransaction& tx) { tx.delete_state_value(std::string(connection), std::string(key)); });
    logger_.replace_secrets(secret_owner(connection, key), {});
}

}  // namespace ledgersync::services
