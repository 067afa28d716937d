#include "services/secret_box.hpp"
#include "services/openssl_error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace ledgersync::services {

namespace {

constexpr std::string_view kVersion = "v1";
constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kTagSize = 16;
constexpr std::size_t kKeyIdHexDigits = 8;
constexpr std::string_view kKeyIdLabel = "ledgersync secret key id";

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;


[[noreturn]] void crypto_failure(const char* step) {
    throw std::runtime_error(std::string("AES-256-GCM ") + step +
                             " failed in OpenSSL: " + openssl_error());
}

CipherContext new_context() {
    CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!context)
        crypto_failure("context allocation");
    return context;
}

const unsigned char* bytes(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

int int_size(std::size_t size) {
    if (size > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw std::length_error("a secret larger than 2 GiB cannot be encrypted");
    }
    return static_cast<int>(size);
}

std::string to_hex(const unsigned char* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        out += kDigits[data[i] >> 4];
        out += kDigits[data[i] & 0x0f];
    }
    return out;
}

std::string to_base64(const std::string& raw) {
    std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes(raw),
                                        int_size(raw.size()));
    out.resize(static_cast<std::size_t>(written));
    return out;
}

/// Strict standard base64 (with padding); nullopt for anything else.
std::optional<std::string> from_base64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0)
        return std::nullopt;
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::size_t padding = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '=') {
            if (i + 2 < text.size())
                return std::nullopt;
            ++padding;
        } else if (padding > 0 || kAlphabet.find(text[i]) == std::string_view::npos) {
            return std::nullopt;
        }
    }
    std::string out(3 * (text.size() / 4), '\0');
    const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes(text),
                                        int_size(text.size()));
    if (written < 0)
        return std::nullopt;
    out.resize(static_cast<std::size_t>(written) - padding);
    return out;
}

std::string describe_value(std::string_view associated_data) {
    return associated_data.empty() ? std::string("a secret value")
                                   : "the secret '" + std::string(associated_data) + "'";
}

}  // namespace

SecretBox::SecretBox(const SecretKey& key) : key_(key) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_size = 0;
    if (HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), bytes(kKeyIdLabel),
             kKeyIdLabel.size(), digest, &digest_size) == nullptr) {
        throw std::runtime_error("computing the secret key's id failed in OpenSSL: " +
                                 openssl_error());
    }
    key_id_ = to_hex(digest, kKeyIdHexDigits / 2);
}

SecretBox::SecretBox(SecretKey&& key, WipeSource) : SecretBox(key) {
    OPENSSL_cleanse(key.data(), key.size());
}

SecretBox SecretBox::from_source(const SecretKeySource& source) {
    return SecretBox(source.load(), WipeSource{});
}

SecretBox::~SecretBox() {
    OPENSSL_cleanse(key_.data(), key_.size());
}

bool SecretBox::looks_encrypted(std::string_view value) noexcept {
    return value.size() > kVersion.size() && value.substr(0, kVersion.size()) == kVersion &&
           value[kVersion.size()] == ':';
}

std::string SecretBox::encrypt(std::string_view plaintext, std::string_view associated_data) const {
    const std::string header = std::string(kVersion) + ":" + key_id_ + ":";
    const std::string authenticated = header + std::string(associated_data);

    std::string sealed(kNonceSize + plaintext.size() + kTagSize, '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(sealed.data());
    auto* ciphertext = nonce + kNonceSize;
    if (RAND_bytes(nonce, static_cast<int>(kNonceSize)) != 1)
        crypto_failure("nonce generation");

    CipherContext context = new_context();
    int written = 0;
    if (EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceSize),
                            nullptr) != 1 ||
        EVP_EncryptInit_ex(context.get(), nullptr, nullptr, key_.data(), nonce) != 1) {
        crypto_failure("encryption setup");
    }
    if (EVP_EncryptUpdate(context.get(), nullptr, &written, bytes(authenticated),
                          int_size(authenticated.size())) != 1 ||
        EVP_EncryptUpdate(context.get(), ciphertext, &written, bytes(plaintext),
                          int_size(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(context.get(), ciphertext + written, &written) != 1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize),
                            ciphertext + plaintext.size()) != 1) {
        crypto_failure("encryption");
    }
    return header + to_base64(sealed);
}

std::string SecretBox::decrypt(std::string_view token, std::string_view associated_data) const {
    const std::string what = describe_value(associated_data);
    const auto malformed = [&](const std::string& why) {
        return SecretBoxError(
            SecretBoxError::Reason::malformed,
            what + " cannot be decrypted: " + why +
                ". It was not written by this version of ledgersync's secret encryption, or was "
                "truncated; store the secret again (e.g. reconnect the account).");
    };
    if (!looks_encrypted(token)) {
        throw malformed(
            "the stored value is not an encrypted token (it does not start with \"v1:\")");
    }
    const std::size_t id_start = kVersion.size() + 1;
    const std::size_t id_end = token.find(':', id_start);
    if (id_end == std::string_view::npos || id_end - id_start != kKeyIdHexDigits) {
        throw malformed("the token has no key id");
    }
    const std::string_view token_key_id = token.substr(id_start, kKeyIdHexDigits);
    if (token_key_id != key_id_) {
        throw SecretBoxError(
            SecretBoxError::Reason::wrong_key,
            what + " cannot be decrypted: it was encrypted with the key whose id is " +
                std::string(token_key_id) + ", and the key loaded now has id " + key_id_ +
                ": the key does not match the one the data was encrypted with. Configure the "
                "original key; without it the value cannot be recovered, store it again "
                "(e.g. reconnect the account).");
    }
    const std::optional<std::string> sealed = from_base64(token.substr(id_end + 1));
    if (!sealed)
        throw malformed("the token's payload is not valid base64");
    if (sealed->size() < kNonceSize + kTagSize)
        throw malformed("the token is too short to hold a value");

    const std::string authenticated =
        std::string(token.substr(0, id_end + 1)) + std::string(associated_data);
    const auto* nonce = bytes(*sealed);
    const auto* ciphertext = nonce + kNonceSize;
    const std::size_t ciphertext_size = sealed->size() - kNonceSize - kTagSize;
    std::string plaintext(ciphertext_size, '\0');
    auto* out = reinterpret_cast<unsigned char*>(plaintext.data());
    std::vector<unsigned char> tag(ciphertext + ciphertext_size,
                                   ciphertext + ciphertext_size + kTagSize);

    CipherContext context = new_context();
    int written = 0;
    if (EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceSize),
                            nullptr) != 1 ||
        EVP_DecryptInit_ex(context.get(), nullptr, nullptr, key_.data(), nonce) != 1) {
        crypto_failure("decryption setup");
    }
    if (EVP_DecryptUpdate(context.get(), nullptr, &written, bytes(authenticated),
                          int_size(authenticated.size())) != 1 ||
        EVP_DecryptUpdate(context.get(), out, &written, ciphertext, int_size(ciphertext_size)) !=
            1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize),
                            tag.data()) != 1) {
        OPENSSL_cleanse(plaintext.data(), plaintext.size());
        crypto_failure("decryption");
    }
    int final_written = 0;
    if (EVP_DecryptFinal_ex(context.get(), out + written, &final_written) != 1) {
        // GCM released unauthenticated bytes into `plaintext`: they must not survive.
        OPENSSL_cleanse(plaintext.data(), plaintext.size());
        ERR_clear_error();
        throw SecretBoxError(
            SecretBoxError::Reason::tampered,
            what +
                " cannot be decrypted: it failed authentication, so the stored token was "
                "altered or belongs to another secret. It is not used; store the secret again "
                "(e.g. reconnect the account).");
    }
    return plaintext;
}

void SecretBox::generate_key_file(const std::filesystem::path& path) {
    SecretKey key{};
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
        throw SecretKeyError("generating a secret key failed in OpenSSL: " + openssl_error());
    }
    std::string text = to_base64(std::string(key.begin(), key.end())) + "\n";
    OPENSSL_cleanse(key.data(), key.size());

    // O_EXCL: never replace a key, even one created a moment ago by someone else.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        const int error = errno;
        OPENSSL_cleanse(text.data(), text.size());
        if (error == EEXIST) {
            throw SecretKeyError(
                "secret key file " + path.string() +
                " already exists; it was not replaced, because secrets encrypted with it would "
                "become unreadable. Remove it first only if nothing was encrypted with it.");
        }
        throw SecretKeyError("cannot create secret key file " + path.string() + ": " +
                             std::strerror(error) +
                             "; check that the directory exists and is writable");
    }
    // The umask can only narrow 0600, but make the mode exact whatever it is.
    bool ok = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
    std::size_t done = 0;
    while (ok && done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        if (ok)
            done += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    const int error = errno;
    ok = (::close(fd) == 0) && ok;
    OPENSSL_cleanse(text.data(), text.size());
    if (!ok) {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        throw SecretKeyError("cannot write secret key file " + path.string() + ": " +
                             std::strerror(error));
    }
}

}  // namespace ledgersync::services
