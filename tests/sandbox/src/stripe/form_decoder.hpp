#pragma once
/// Turns Stripe's form-encoded parameters (request bodies and query strings) into a JSON tree.
/// Keys nest Rack-style (stripe.md §1.1, "Implications" 2): `metadata[order_id]=42` is an
/// object member, `expand[]=a&expand[]=b` an array, `items[0][price]=p` an element of an array
/// of objects. Every leaf stays a string: what a value means (integer, boolean, array) is
/// decided by the spec-driven validator, which is where Stripe decides it too. Members keyed by
/// indices (`expand[0]`, what stripe-node sends) stay objects keyed "0", "1", ... until the
/// validator sees the parameter is an array.

#include <nlohmann/json.hpp>

#include "common/http_message.hpp"

namespace ledgersync::sandbox::stripe {

/// The decoded tree of `parameters`; throws StripeError (invalid_request_error naming the
/// parameter) when one key is used both as a value and as a hash or array.
nlohmann::json decode_form_parameters(const ParameterMap& parameters);

}  // namespace ledgersync::sandbox::stripe
