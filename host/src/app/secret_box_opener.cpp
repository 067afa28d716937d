#include "app/secret_box_opener.hpp"

#include <openssl/crypto.h>

#include "services/secret_key_source.hpp"

namespace ledgersync::app {

OpenedSecretBox open_secret_box(const config::SecretsConfig& secrets) {
    OpenedSecretBox opened;
    if (!secrets.configured()) return opened;
    const auto source = secrets.key_file.empty() ? services::SecretKeySource::environment(secrets.key_env)
                                                 : services::SecretKeySource::file(secrets.key_file);
    services::SecretKey key = source.load();
    opened.box = std::make_unique<services::SecretBox>(key);
    OPENSSL_cleanse(key.data(), key.size());  // the box holds its own copy
    opened.source = source.describe();
    return opened;
}

}  // namespace ledgersync::app
