#pragma once
/// The state service plugins use (cursors they keep themselves, OAuth tokens), kept in the
/// store. Values flagged secret are encrypted with the host's SecretBox, bound to their
/// connection and key; without a configured key, storing a secret is refused with a clear
/// error instead of falling back to plaintext.

#include <optional>
#include <string>
#include <string_view>

#include "services/clock.hpp"
#include "services/connection_state.hpp"
#include "services/logger.hpp"
#include "services/secret_box.hpp"
#include "store/store.hpp"

namespace ledgersync::services {

class StoredConnectionState final : public ConnectionState {
public:
    /// `box` may be null (no secrets key configured). `logger` learns every secret read or
    /// written, so that it never prints one: the current value of each key (a rotated token
    /// replaces the previous one), and the strings inside a value that is a JSON document.
    StoredConnectionState(store::Store& store, const SecretBox* box, Logger& logger, const Clock& clock);

    std::optional<std::string> get(std::string_view connection, std::string_view key) override;
    void put(std::string_view connection, std::string_view key, std::string_view value, bool secret) override;
    void remove(std::string_view connection, std::string_view key) override;

private:
    store::Store& store_;
    const SecretBox* box_;
    Logger& logger_;
    const Clock& clock_;
};

}  // namespace ledgersync::services
