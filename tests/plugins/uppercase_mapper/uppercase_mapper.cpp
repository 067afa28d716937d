// A mapper for tests: upper-cases the configured string fields of a record's body. A field
// that is present but not a string is a data error naming the record and the field.

#include <algorithm>
#include <cctype>

#include <ledgersync/sdk.hpp>

namespace {

using namespace ledgersync;

class UppercaseMapper final : public sdk::Mapper {
public:
    UppercaseMapper(sdk::HostServices, const nlohmann::json& config) {
        sdk::ConfigProblems problems;
        sdk::ConfigReader reader(config, problems);
        fields_ = reader.required<std::vector<std::string>>("fields", "the body fields to upper-case, e.g. [\"memo\"]");
        reader.finish();
        problems.throw_if_any();
    }

    std::vector<sdk::Record> map(sdk::Record record) const override {
        for (const auto& field : fields_) {
            auto it = record.body.find(field);
            if (it == record.body.end()) continue;
            if (!it->is_string()) {
                throw sdk::Error(sdk::Outcome::data(record.identity.key() + ": field '" + field + "' is " +
                                                        it->type_name() + ", not a string",
                                                    "remove '" + field + "' from the mapper's fields"));
            }
            std::string text = it->get<std::string>();
            std::transform(text.begin(), text.end(), text.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
            *it = text;
        }
        std::vector<sdk::Record> out;
        out.push_back(std::move(record));
        return out;
    }

private:
    std::vector<std::string> fields_;
};

}  // namespace

LEDGERSYNC_MAPPER(UppercaseMapper, "uppercase", "1.0.0")
