#pragma once
/// The admin API's OpenAPI 3 document (docs/api/openapi.json), embedded when the host is built.

#include <string_view>

namespace ledgersync::api::admin {

std::string_view openapi_document();

}  // namespace ledgersync::api::admin
