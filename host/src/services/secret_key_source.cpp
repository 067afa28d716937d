#include "services/secret_key_source.hpp"

#include "services/secret_file.hpp"
#include "services/text_trim.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace ledgersync::services {

namespace {

// Larger than any accepted encoding; a bigger file is certainly something else.
constexpr std::size_t kMaxKeyFileBytes = 1024;

/// Zeroes a buffer that held key material when it goes out of scope.
struct Wipe {
    std::string& text;
    ~Wipe() { OPENSSL_cleanse(text.data(), text.size()); }
};


std::optional<SecretKey> decode_hex(std::string_view text) {
    if (text.size() != 64)
        return std::nullopt;
    SecretKey key{};
    for (std::size_t i = 0; i < key.size(); ++i) {
        const auto nibble = [](char c) -> int {
            if (c >= '0' && c <= '9')
                return c - '0';
            if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
            if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
            return -1;
        };
        const int high = nibble(text[2 * i]);
        const int low = nibble(text[2 * i + 1]);
        if (high < 0 || low < 0)
            return std::nullopt;
        key[i] = static_cast<unsigned char>(high * 16 + low);
    }
    return key;
}

std::optional<SecretKey> decode_base64(std::string_view text) {
    std::string padded(text);
    Wipe wipe{padded};
    if (padded.size() == 43)
        padded += '=';
    // 32 bytes are 44 base64 characters whose last is the single padding '='.
    if (padded.size() != 44 || padded[43] != '=' || padded[42] == '=')
        return std::nullopt;
    unsigned char decoded[33] = {};
    const int size =
        EVP_DecodeBlock(decoded, reinterpret_cast<const unsigned char*>(padded.data()), 44);
    // EVP_DecodeBlock counts the byte the padding stands for; 33 means 32 real ones.
    std::optional<SecretKey> key;
    if (size == 33) {
        key.emplace();
        std::copy_n(decoded, key->size(), key->begin());
    }
    OPENSSL_cleanse(decoded, sizeof(decoded));
    return key;
}

std::optional<SecretKey> decode_text(std::string_view text) {
    const std::string_view trimmed = trim_whitespace(text);
    if (auto key = decode_base64(trimmed))
        return key;
    return decode_hex(trimmed);
}


}  // namespace

SecretKeySource SecretKeySource::file(std::filesystem::path path, std::string setting) {
    return SecretKeySource(Kind::file, path.string(), std::move(setting));
}

SecretKeySource SecretKeySource::environment(std::string variable, std::string setting) {
    return SecretKeySource(Kind::environment, std::move(variable), std::move(setting));
}

std::string SecretKeySource::describe() const {
    if (kind_ == Kind::file)
        return setting_ + " " + location_;
    return setting_ + " (environment variable " + location_ + ")";
}

SecretKey SecretKeySource::load() const {
    return kind_ == Kind::file ? load_file() : load_environment();
}

SecretKey SecretKeySource::load_file() const {
    const std::string create_hint =
        "create it with `head -c 32 /dev/urandom > " + location_ + " && chmod 600 " + location_ +
        "` (and keep a copy: secrets encrypted with it cannot be read without it)";
    std::string content;
    Wipe wipe{content};
    try {
        content = read_secret_file(location_, describe(), kMaxKeyFileBytes);
    } catch (const SecretFileError& e) {
        switch (e.problem()) {
            case SecretFileError::Problem::missing:
                throw SecretKeyError(std::string(e.what()) + "; " + create_hint);
            case SecretFileError::Problem::not_regular:
                throw SecretKeyError(std::string(e.what()) + "; point " + setting_ + " at the key file itself");
            case SecretFileError::Problem::too_large:
                throw SecretKeyError(describe() + " does not hold a 256-bit key: it has " +
                                     std::to_string(kMaxKeyFileBytes) + "+ bytes, expected 32 raw bytes, or the key "
                                     "as 44 base64 characters or 64 hex digits");
            default:
                throw SecretKeyError(e.what());
        }
    }

    if (content.size() == SecretKey{}.size()) {
        SecretKey key{};
        std::copy(content.begin(), content.end(), key.begin());
        return key;
    }
    if (trim_whitespace(content).empty())
        throw SecretKeyError(describe() + " is empty; " + create_hint);
    if (auto key = decode_text(content))
        return *key;
    throw SecretKeyError(
        describe() + " does not hold a 256-bit key: it has " + std::to_string(content.size()) +
        " bytes, expected 32 raw bytes, or the key as 44 base64 characters or 64 hex digits");
}

SecretKey SecretKeySource::load_environment() const {
    const char* value = std::getenv(location_.c_str());
    const std::string hint =
        "set it to a key in base64, e.g. from `openssl rand -base64 32` (and keep a copy: "
        "secrets encrypted with it cannot be read without it)";
    if (value == nullptr)
        throw SecretKeyError(describe() + " is not set; " + hint);
    std::string text(value);
    Wipe wipe{text};
    if (trim_whitespace(text).empty())
        throw SecretKeyError(describe() + " is empty; " + hint);
    if (auto key = decode_text(text))
        return *key;
    throw SecretKeyError(
        describe() + " does not hold a 256-bit key: it has " + std::to_string(trim_whitespace(text).size()) +
        " characters, expected 44 base64 characters (`openssl rand -base64 32`) or 64 hex digits");
}

}  // namespace ledgersync::services
