// Rack-style form decoding and spec-driven coercion, at unit level.

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "common/http_message.hpp"
#include "stripe/form_decoder.hpp"
#include "stripe/parameter_validator.hpp"
#include "stripe/stripe_error.hpp"
#include "stripe/stripe_spec.hpp"

namespace ledgersync::sandbox::stripe {
namespace {

nlohmann::json decode(const std::string& text) {
    return decode_form_parameters(parse_url_encoded(text));
}

const StripeSpec& spec() {
    static const auto loaded = StripeSpec::load(std::string(LEDGERSYNC_SHARED_DIR) +
                                                "/specs/stripe/spec3.subset.2023-08-16.json");
    return *loaded;
}

TEST(StripeForm, decodes_nested_hashes_arrays_and_arrays_of_hashes) {
    const auto tree = decode(
        "amount=100&metadata[order_id]=42&metadata[note]=a%20b&expand[]=customer&expand[]=invoice"
        "&items[0][price]=p_1&items[0][quantity]=2&items[1][price]=p_2&a[][x]=1&a[][x]=2");
    EXPECT_EQ(tree["amount"], "100");
    EXPECT_EQ(tree["metadata"], (nlohmann::json{{"order_id", "42"}, {"note", "a b"}}));
    EXPECT_EQ(tree["expand"], (nlohmann::json{"customer", "invoice"}));
    EXPECT_EQ(tree["items"]["0"], (nlohmann::json{{"price", "p_1"}, {"quantity", "2"}}));
    EXPECT_EQ(tree["items"]["1"]["price"], "p_2");
    EXPECT_EQ(tree["a"], (nlohmann::json{{{"x", "1"}}, {{"x", "2"}}}));
}

TEST(StripeForm, a_key_used_as_value_and_hash_is_refused_naming_it) {
    try {
        decode("metadata=x&metadata[k]=v");
        FAIL() << "expected an error";
    } catch (const StripeError& e) {
        EXPECT_EQ(e.status(), 400);
        EXPECT_EQ(e.param(), "metadata");
    }
}

TEST(StripeSpecValidation, finds_literal_paths_before_templated_ones) {
    EXPECT_EQ(spec().find("GET", "/v1/charges/search")->path_template, "/v1/charges/search");
    EXPECT_EQ(spec().find("GET", "/v1/charges/ch_1")->path_template, "/v1/charges/{charge}");
    EXPECT_EQ(spec().find("PATCH", "/v1/charges"), nullptr);
    EXPECT_EQ(spec().api_version(), "2023-08-16");
}

TEST(StripeSpecValidation, coerces_integers_booleans_and_indexed_arrays) {
    const ParameterValidator validator(spec());
    const auto* create = spec().find("POST", "/v1/payment_intents");
    const auto params = validator.validate(
        create->parameters_schema,
        decode("amount=2000&currency=usd&confirm=true&expand[0]=latest_charge&expand[1]=customer"
               "&metadata[k]=v"));
    EXPECT_EQ(params["amount"], 2000);
    EXPECT_EQ(params["confirm"], true);
    EXPECT_EQ(params["expand"], (nlohmann::json{"latest_charge", "customer"}));
    EXPECT_EQ(params["metadata"]["k"], "v");
    const auto* list = spec().find("GET", "/v1/events");
    const auto filters = validator.validate(list->parameters_schema,
                                            decode("created[gte]=10&created[lt]=20&types[]=a.b"));
    EXPECT_EQ(filters["created"]["gte"], 10);
    EXPECT_EQ(filters["types"], (nlohmann::json{"a.b"}));
    EXPECT_EQ(validator.validate(list->parameters_schema, decode("created=15"))["created"], 15);
}

TEST(StripeSpecValidation, names_unknown_nested_parameters_with_their_full_path) {
    const ParameterValidator validator(spec());
    const auto* create = spec().find("POST", "/v1/payment_intents");
    try {
        validator.validate(create->parameters_schema,
                           decode("amount=1&currency=usd&payment_method_options[card][colour]=red"));
        FAIL() << "expected an error";
    } catch (const StripeError& e) {
        EXPECT_EQ(e.code(), "parameter_unknown");
        EXPECT_EQ(e.param(), "payment_method_options[card][colour]");
    }
}

}  // namespace
}  // namespace ledgersync::sandbox::stripe
