#pragma once
/// The request and response every emulator sees: plain values, independent of Poco, so that the
/// emulators can be driven directly by model-level tests.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ledgersync::sandbox {

/// Orders header names case-insensitively, as HTTP compares them.
struct CaseInsensitiveLess {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const noexcept;
};

using HeaderMap = std::map<std::string, std::string, CaseInsensitiveLess>;
/// Decoded query or form parameters; a name may repeat.
using ParameterMap = std::multimap<std::string, std::string, CaseInsensitiveLess>;

struct HttpRequest {
    std::string method;
    std::string path;       ///< decoded path, without the query
    std::string raw_query;  ///< as received, without '?'
    ParameterMap query;
    HeaderMap headers;
    std::string body;

    /// The first value of query parameter `name` (names compare case-insensitively).
    std::optional<std::string> query_param(std::string_view name) const;
    /// The header's value, or "" when absent.
    std::string header(std::string_view name) const;
    /// "/path?query" as the client sent it.
    std::string path_with_query() const;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json;charset=UTF-8";
    HeaderMap headers;
    std::string body;
    /// Close the connection without sending anything (fault injection: a dropped connection).
    bool drop_connection = false;

    static HttpResponse json(int status, std::string body);
    static HttpResponse text(int status, std::string body,
                             std::string content_type = "text/plain;charset=UTF-8");
};

/// Decodes application/x-www-form-urlencoded text (also a URL query): '+' is a space.
ParameterMap parse_url_encoded(std::string_view text);
/// Splits "/a/b/c" into {"a","b","c"}, dropping empty segments.
std::vector<std::string> split_path(std::string_view path);

}  // namespace ledgersync::sandbox
