#include "api/console_files.hpp"

#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "services/install_layout.hpp"

#ifndef LEDGERSYNC_CONSOLE_DIR_FROM_BINARY
#error "LEDGERSYNC_CONSOLE_DIR_FROM_BINARY must be defined by the build"
#endif

namespace ledgersync::api {

namespace {

/// Everything the console loads comes from this origin; inline scripts and styles are refused.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const std::regex& servable_name() {
    static const std::regex pattern(R"([a-z0-9_-]+\.(html|js|css|svg))");
    return pattern;
}

std::string content_type_of(const std::string& name) {
    const std::string extension = name.substr(name.rfind('.') + 1);
    if (extension == "html") return "text/html; charset=utf-8";
    if (extension == "js") return "text/javascript; charset=utf-8";
    if (extension == "css") return "text/css; charset=utf-8";
    return "image/svg+xml";
}

void set_page_headers(Poco::Net::HTTPServerResponse& response) {
    response.set("Content-Security-Policy", kContentSecurityPolicy);
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.set("X-Frame-Options", "DENY");
    // Small files, read at start-up: revalidating costs nothing and an upgrade shows at once.
    response.set("Cache-Control", "no-cache");
}

}  // namespace

ConsoleFiles::ConsoleFiles(std::filesystem::path directory) : directory_(std::move(directory)) {
    std::error_code ec;
    if (directory_.empty() || !std::filesystem::is_directory(directory_, ec)) return;
    for (const auto& entry : std::filesystem::directory_iterator(directory_, ec)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file(ec) || !std::regex_match(name, servable_name())) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        if (in) files_[name] = File{content_type_of(name), bytes.str()};
    }
}

std::filesystem::path ConsoleFiles::installed_dir() { return services::beside_executable(LEDGERSYNC_CONSOLE_DIR_FROM_BINARY); }

void ConsoleFiles::serve(const std::string& name, Poco::Net::HTTPServerResponse& response) const {
    set_page_headers(response);
    const auto file = files_.find(name);
    if (file != files_.end()) {
        send_body(response, 200, file->second.content_type, file->second.bytes);
        return;
    }
    const std::string message =
        found() ? "no console file named \"" + name + "\""
                : "the web console's files were not found in \"" + directory_.string() +
                      "\"; set server.console_dir to the directory holding index.html (host/web in a checkout)";
    send_json(response, 404, nlohmann::json{{"error", message}}.dump());
}

void ConsoleFiles::attach(HttpRouter& router) const {
    router.add("GET", "/", [this](IncomingRequest&, Poco::Net::HTTPServerResponse& response) { serve("index.html", response); });
    router.add_prefix("GET", kPrefix, [this](IncomingRequest& request, Poco::Net::HTTPServerResponse& response) {
        const std::string& uri = request.http.getURI();
        const std::string name = uri.substr(std::string(kPrefix).size(), uri.find('?') - std::string(kPrefix).size());
        serve(name, response);
    });
}

}  // namespace ledgersync::api
