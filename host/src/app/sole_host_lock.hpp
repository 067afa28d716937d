#pragma once
/// SQLite admits one host: the running host holds an exclusive lock on a file beside the
/// database ("<database>.host-lock"), which the system drops when the process ends however it
/// ends, so a second host on the same file refuses to start while the first runs, and a host
/// restarted after a crash starts at once. The command line's other commands (failures,
/// store backup, ...) take no lock: they work beside a running host.

#include <string>

namespace ledgersync::app {

class SoleHostLock {
public:
    /// Locks the file beside `database`; throws std::runtime_error naming the database and what
    /// to do when another host holds it.
    explicit SoleHostLock(const std::string& database);
    ~SoleHostLock();
    SoleHostLock(const SoleHostLock&) = delete;
    SoleHostLock& operator=(const SoleHostLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace ledgersync::app
