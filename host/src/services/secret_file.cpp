#include "services/secret_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <openssl/crypto.h>

namespace ledgersync::services {

namespace {

std::string mode_text(std::filesystem::perms permissions) {
    std::ostringstream out;
    out << '0' << std::oct << (static_cast<unsigned>(permissions) & 0777u);
    return out.str();
}

}  // namespace

std::string read_secret_file(const std::filesystem::path& path, const std::string& name, std::size_t max_bytes) {
    using Problem = SecretFileError::Problem;
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (status.type() == std::filesystem::file_type::not_found) {
        throw SecretFileError(Problem::missing, name + " does not exist");
    }
    if (error) throw SecretFileError(Problem::unreadable, name + " cannot be examined: " + error.message());
    if (status.type() != std::filesystem::file_type::regular) {
        throw SecretFileError(Problem::not_regular, name + " is not a regular file");
    }
    using std::filesystem::perms;
    const perms permissions = status.permissions();
    if ((permissions & (perms::others_all | perms::group_write)) != perms::none) {
        throw SecretFileError(Problem::too_open, name + " is accessible to other users (mode " + mode_text(permissions) +
                                                     "); restrict it with `chmod 600 " + path.string() + "`");
    }

    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw SecretFileError(Problem::unreadable, name + " cannot be read (" + std::strerror(errno) +
                                                       "); check that the user running ledgersync may read it");
    }
    // One byte more than allowed tells a file that is too large from one that fits exactly.
    std::string content(max_bytes + 1, '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad() || content.size() > max_bytes) OPENSSL_cleanse(content.data(), content.size());
    if (in.bad()) throw SecretFileError(Problem::unreadable, name + " cannot be read: an I/O error occurred");
    if (content.size() > max_bytes) {
        throw SecretFileError(Problem::too_large,
                              name + " is larger than " + std::to_string(max_bytes) + " bytes, more than a secret holds");
    }
    return content;
}

}  // namespace ledgersync::services
