#include "common/random_token.hpp"

#include <mutex>
#include <random>

namespace ledgersync::sandbox {

namespace {

std::string random_from(const char* alphabet, std::size_t alphabet_size, std::size_t length) {
    static std::mutex mutex;
    static std::mt19937_64 engine{std::random_device{}()};
    std::string out(length, ' ');
    std::lock_guard lock(mutex);
    for (auto& c : out)
        c = alphabet[engine() % alphabet_size];
    return out;
}

}  // namespace

std::string random_alphanumeric(std::size_t length) {
    static const char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    return random_from(kAlphabet, sizeof kAlphabet - 1, length);
}

std::string random_hex(std::size_t length) {
    static const char kAlphabet[] = "0123456789abcdef";
    return random_from(kAlphabet, sizeof kAlphabet - 1, length);
}

std::string random_uuid() {
    std::string hex = random_hex(32);
    hex[12] = '4';
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace ledgersync::sandbox
