#include "stripe/object_id.hpp"

#include "common/random_token.hpp"

namespace ledgersync::sandbox::stripe {

std::string new_object_id(const std::string& prefix) {
    return prefix + "_" + random_alphanumeric(24);
}

}  // namespace ledgersync::sandbox::stripe
