#pragma once
/// Stripe object ids: a type prefix and 24 random characters ("ch_3NnlpS..."), unique within
/// a run (stripe.md §3 lists the prefixes).

#include <string>

namespace ledgersync::sandbox::stripe {

std::string new_object_id(const std::string& prefix);

}  // namespace ledgersync::sandbox::stripe
