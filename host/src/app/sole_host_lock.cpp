#include "app/sole_host_lock.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace ledgersync::app {

SoleHostLock::SoleHostLock(const std::string& database) {
    const std::string path = database + ".host-lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) {
        throw std::runtime_error("cannot open " + path + " (" + std::strerror(errno) +
                                 "): the host locks it while it runs on the SQLite database " + database +
                                 "; let the ledgersync user write to its directory");
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd_);
        fd_ = -1;
        if (error == EWOULDBLOCK) {
            throw std::runtime_error("another ledgersync host is running on the SQLite database " + database +
                                     " (it holds " + path + "): SQLite serves one host; stop the other one, or move "
                                     "both to PostgreSQL to run several (docs/operations.md, \"Running several hosts\")");
        }
        throw std::runtime_error("cannot lock " + path + ": " + std::strerror(error));
    }
}

SoleHostLock::~SoleHostLock() {
    if (fd_ >= 0) ::close(fd_);  // closing drops the lock
}

}  // namespace ledgersync::app
