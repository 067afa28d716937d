#include "encoding.hpp"

namespace ledgersync::connectors::quickbooks {

std::string query_literal(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    out += '\'';
    return out;
}

}  // namespace ledgersync::connectors::quickbooks
