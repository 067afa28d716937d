#pragma once
/// Runs real processes from tests: one-shot commands with captured output, and long-running
/// servers that are signalled and awaited.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace ledgersync::testing {

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs `program` with `args` to completion (killed after `timeout`), capturing both streams.
CommandResult run_command(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {},
                          std::chrono::seconds timeout = std::chrono::seconds(60));

/// A child process running in the background; stderr and stdout go to a log file.
class ChildProcess {
public:
    ChildProcess(const std::string& program, const std::vector<std::string>& args,
                 const std::filesystem::path& log_file, const std::map<std::string, std::string>& env = {});
    ~ChildProcess();  // SIGKILLs the child if it still runs
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const noexcept { return pid_; }
    void signal(int signo) const;
    /// Waits for exit; returns the exit code (128 + signal when killed), nullopt on timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    bool running();
    /// The log so far.
    std::string log() const;

private:
    pid_t pid_ = -1;
    std::filesystem::path log_file_;
    std::optional<int> exit_code_;
};

/// Waits until `file` exists and is non-empty; false on timeout.
bool wait_for_file(const std::filesystem::path& file, std::chrono::milliseconds timeout);

/// Reads a whole file; empty string when absent.
std::string read_file(const std::filesystem::path& file);

}  // namespace ledgersync::testing
