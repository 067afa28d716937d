#pragma once
/// Where the key that encrypts secrets at rest (services::SecretBox) comes from: a key file or
/// an environment variable, as the host config says, and how it is read.

#include <array>
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace ledgersync::services {

/// The 256-bit key of SecretBox.
using SecretKey = std::array<unsigned char, 32>;

/// A key that could not be loaded. The message names the setting and the file or variable, what
/// is wrong, and the command that fixes it; it never contains key material.
class SecretKeyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A key file or an environment variable, with the name of the config setting that chose it
/// (used in messages, so the operator sees which line of the config to look at).
///
/// Accepted encodings, told apart by length:
/// - a file of exactly 32 bytes is the raw key (`head -c 32 /dev/urandom > secret.key`);
/// - otherwise, in a file or a variable, surrounding whitespace is ignored and the text is the
///   key in base64 (44 characters, or 43 without padding; `openssl rand -base64 32`) or in
///   hex (64 digits; `openssl rand -hex 32`).
///
/// A key file must be a regular file no other user can read or write, and the group cannot
/// write (0600, 0400, 0640, 0440): a file with looser permissions is refused, not just warned
/// about, because a key others can read protects nothing and a warning scrolls away unread.
class SecretKeySource {
public:
    enum class Kind { file, environment };

    static SecretKeySource file(std::filesystem::path path,
                                std::string setting = "secrets.key_file");
    static SecretKeySource environment(std::string variable,
                                       std::string setting = "secrets.key_env");

    Kind kind() const noexcept { return kind_; }
    /// The file path or the variable name.
    const std::string& location() const noexcept { return location_; }
    /// The config setting that named this source ("secrets.key_file").
    const std::string& setting() const noexcept { return setting_; }

    /// "secrets.key_file /etc/ledgersync/secret.key" or
    /// "secrets.key_env (environment variable LEDGERSYNC_SECRET_KEY)".
    std::string describe() const;

    /// Reads the key. Throws SecretKeyError when the file or variable is missing, empty,
    /// unreadable, too widely readable, or does not hold exactly 256 bits in one of the
    /// accepted encodings.
    SecretKey load() const;

private:
    SecretKeySource(Kind kind, std::string location, std::string setting)
        : kind_(kind), location_(std::move(location)), setting_(std::move(setting)) {}

    SecretKey load_file() const;
    SecretKey load_environment() const;

    Kind kind_;
    std::string location_;
    std::string setting_;
};

}  // namespace ledgersync::services
