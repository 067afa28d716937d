#pragma once
/// Per-connection key/value state lent to plugins (cursors, tokens). Implementations store it
/// durably; values flagged secret are encrypted at rest.

#include <optional>
#include <string>
#include <string_view>

namespace ledgersync::services {

class ConnectionState {
public:
    virtual ~ConnectionState() = default;
    virtual std::optional<std::string> get(std::string_view connection, std::string_view key) = 0;
    virtual void put(std::string_view connection, std::string_view key, std::string_view value, bool secret) = 0;
    virtual void remove(std::string_view connection, std::string_view key) = 0;
};

}  // namespace ledgersync::services
