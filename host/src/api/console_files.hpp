#pragma once
/// The web console's static files (host/web: index.html, app.js, app.css), served at "/" and
/// under /console/ with their content types and headers that keep the page to its own origin:
/// a Content-Security-Policy allowing only 'self', nosniff, no referrer, no framing. The files
/// are read once at start-up; only names of the form [a-z0-9_-]+.(html|js|css|svg) are served,
/// so no request can reach outside the directory.

#include <filesystem>
#include <map>
#include <string>

#include "api/http_router.hpp"

namespace ledgersync::api {

class ConsoleFiles {
public:
    static constexpr const char* kPrefix = "/console/";

    /// Reads the console's files from `directory`; when it holds no index.html, `/` explains
    /// where the console was looked for and how to point server.console_dir at it.
    explicit ConsoleFiles(std::filesystem::path directory);

    /// The directory of an installed host: <prefix>/share/ledgersync/console, found relative to
    /// the executable ("" when the executable's location is unknown).
    static std::filesystem::path installed_dir();

    bool found() const { return files_.count("index.html") != 0; }
    const std::filesystem::path& directory() const { return directory_; }

    /// Serves GET "/" and GET /console/<file> through `router` (this must outlive it).
    void attach(HttpRouter& router) const;

private:
    struct File {
        std::string content_type;
        std::string bytes;
    };
    void serve(const std::string& name, Poco::Net::HTTPServerResponse& response) const;

    std::filesystem::path directory_;
    std::map<std::string, File> files_;
};

}  // namespace ledgersync::api
