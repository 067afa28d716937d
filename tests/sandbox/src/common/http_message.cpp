#include "common/http_message.hpp"

#include <cctype>

#include <ledgersync/sdk/encoding.hpp>

namespace ledgersync::sandbox {

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const noexcept {
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i) {
        const int x = std::tolower(static_cast<unsigned char>(a[i]));
        const int y = std::tolower(static_cast<unsigned char>(b[i]));
        if (x != y)
            return x < y;
    }
    return a.size() < b.size();
}

std::optional<std::string> HttpRequest::query_param(std::string_view name) const {
    const auto it = query.find(name);
    if (it == query.end())
        return std::nullopt;
    return it->second;
}

std::string HttpRequest::header(std::string_view name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

std::string HttpRequest::path_with_query() const {
    return raw_query.empty() ? path : path + "?" + raw_query;
}

HttpResponse HttpResponse::json(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

HttpResponse HttpResponse::text(int status, std::string body, std::string content_type) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.content_type = std::move(content_type);
    return r;
}

ParameterMap parse_url_encoded(std::string_view text) {
    ParameterMap out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('&', start);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view pair = text.substr(start, end - start);
        if (!pair.empty()) {
            const std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos) {
                out.emplace(sdk::percent_decode(pair, sdk::PlusSign::space), std::string());
            } else {
                out.emplace(sdk::percent_decode(pair.substr(0, eq), sdk::PlusSign::space),
                            sdk::percent_decode(pair.substr(eq + 1), sdk::PlusSign::space));
            }
        }
        start = end + 1;
    }
    return out;
}

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start < path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos)
            end = path.size();
        if (end > start)
            parts.emplace_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

}  // namespace ledgersync::sandbox
