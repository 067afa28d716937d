#pragma once
/// Reading a file that holds a secret (the key that encrypts secrets at rest, a `${file:...}`
/// reference in the config): the same rules wherever a secret comes from a file.
///
/// A secret file must be a regular file that no other user can read or write and that the
/// group cannot write (0600, 0400, 0640, 0440), no larger than what the caller expects. A file
/// with looser permissions is refused, not just warned about: a secret others can read protects
/// nothing, and a warning scrolls away unread.

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace ledgersync::services {

/// A secret file that cannot be used. The message starts with the name given to
/// read_secret_file(), says what is wrong and, where a command fixes it, which one; it never
/// contains the file's content.
class SecretFileError : public std::runtime_error {
public:
    enum class Problem { missing, not_regular, too_open, unreadable, too_large };

    SecretFileError(Problem problem, const std::string& message) : std::runtime_error(message), problem_(problem) {}
    Problem problem() const noexcept { return problem_; }

private:
    Problem problem_;
};

/// The content of the secret file `path`, introduced in messages as `name` (e.g.
/// "secrets.key_file /etc/ledgersync/secret.key"). Throws SecretFileError when the file is
/// missing, not a regular file, too widely accessible, unreadable or larger than `max_bytes`.
/// The caller wipes the returned text when it holds key material.
std::string read_secret_file(const std::filesystem::path& path, const std::string& name, std::size_t max_bytes);

}  // namespace ledgersync::services
