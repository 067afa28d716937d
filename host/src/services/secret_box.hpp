#pragma once
/// Encryption at rest for secrets the host stores (connection state flagged secret: OAuth
/// access and refresh tokens), with AES-256-GCM.
///
/// A sealed value is a self-describing token:
///
///     v1:<key id>:<base64(nonce[12] | ciphertext | tag[16])>
///
/// - a fresh random 96-bit nonce per encryption, so equal values give different tokens;
/// - the key id is 8 hex digits of HMAC-SHA256(key, "ledgersync secret key id"): it tells "wrong
///   key" apart from "damaged data" and names the key in messages, and reveals nothing usable
///   about the key;
/// - the "v1:<key id>:" prefix and the caller's associated data (the host passes
///   "<connection>/<key>") are authenticated with the value, so a token moved to another key,
///   or a prefix edited, fails to decrypt.
///
/// OpenSSL's EVP interface is used directly rather than Poco::Crypto::Cipher: Poco 1.11's
/// CryptoTransform handles GCM tags but cannot pass associated data.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "services/secret_key_source.hpp"

namespace ledgersync::services {

/// A token that cannot be decrypted. The message says which value (its associated data), why,
/// and what to do; it never contains the token or any plaintext.
class SecretBoxError : public std::runtime_error {
public:
    enum class Reason {
        malformed,  ///< not a token this version writes (plaintext, truncated, unknown version)
        wrong_key,  ///< encrypted with another key (key ids differ)
        tampered,   ///< right key, but the token or its associated data was altered
    };
    SecretBoxError(Reason reason, const std::string& message)
        : std::runtime_error(message), reason_(reason) {}
    Reason reason() const noexcept { return reason_; }

private:
    Reason reason_;
};

/// Thread-safe (all members are const after construction). Holds the key in memory and zeroes
/// it on destruction; not copyable, so that the key exists once.
class SecretBox {
public:
    explicit SecretBox(const SecretKey& key);
    /// Loads the key from `source`; throws SecretKeyError when it cannot.
    static SecretBox from_source(const SecretKeySource& source);
    ~SecretBox();
    SecretBox(const SecretBox&) = delete;
    SecretBox& operator=(const SecretBox&) = delete;

    /// Encrypts `plaintext`, binding `associated_data` to it (the same must be given to
    /// decrypt). Returns a "v1:" token of printable ASCII.
    std::string encrypt(std::string_view plaintext, std::string_view associated_data = {}) const;

    /// The plaintext of a token made by encrypt() with this key and `associated_data`. Throws
    /// SecretBoxError otherwise; never returns the input or partial output.
    std::string decrypt(std::string_view token, std::string_view associated_data = {}) const;

    /// Whether `value` has the shape of a token (it starts "v1:"); says nothing of its validity.
    static bool looks_encrypted(std::string_view value) noexcept;

    /// The 8 hex digits that identify this key in tokens and messages.
    const std::string& key_id() const noexcept { return key_id_; }

    /// Writes a new random key to `path` as base64 text with mode 0600, for a key file or to copy
    /// into an environment variable. Refuses to overwrite an existing file (secrets encrypted
    /// with the old key would become unreadable). Throws SecretKeyError saying what failed.
    static void generate_key_file(const std::filesystem::path& path);

private:
    struct WipeSource {};
    /// Takes the key and zeroes the caller's copy (a key loaded only to build this box).
    SecretBox(SecretKey&& key, WipeSource);

    SecretKey key_;
    std::string key_id_;
};

}  // namespace ledgersync::services
