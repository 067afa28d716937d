#pragma once
/// The box that encrypts the plugins' secrets at rest (connection state such as OAuth tokens),
/// opened with the key the configuration names: by the host at start and by commands that use a
/// connection beside it.

#include <memory>
#include <string>

#include "config/host_config.hpp"
#include "services/secret_box.hpp"

namespace ledgersync::app {

struct OpenedSecretBox {
    /// Null when the configuration names no key (plugins then cannot store secrets).
    std::unique_ptr<services::SecretBox> box;
    /// Where the key came from ("file /etc/ledgersync/secret.key"), for the log.
    std::string source;
};

/// Loads the key of `secrets` (secrets.key_file or secrets.key_env); throws when it is named but
/// cannot be read.
OpenedSecretBox open_secret_box(const config::SecretsConfig& secrets);

}  // namespace ledgersync::app
