// Money and quantities never pass through binary floating point (MISSION.md, point 16). This
// test reads the code of the SDK's exact-arithmetic and exact-JSON headers and of every source
// on a money path (the bus, the store, the CLI, the connectors, the sandbox) and fails, naming
// file and line, on any floating-point type or text-to-floating conversion, and on a JSON parse
// that would turn an amount into a double (nlohmann::json::parse instead of
// sdk::parse_json_exact). Comments may talk about doubles (to say why there are none); code may
// not.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kSdkHeaders = fs::path(LEDGERSYNC_SOURCE_DIR) / "sdk" / "include" / "ledgersync" / "sdk";

const fs::path kSource = fs::path(LEDGERSYNC_SOURCE_DIR);

/// Every .cpp and .hpp under `dir`.
void add_sources(const fs::path& dir, std::vector<fs::path>& files) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const auto ext = entry.path().extension();
        if (ext == ".hpp" || ext == ".cpp") files.push_back(entry.path());
    }
}

/// decimal.hpp, money.hpp, the exact JSON and time headers, and every header of the canonical
/// model.
std::vector<fs::path> exact_arithmetic_headers() {
    std::vector<fs::path> files = {kSdkHeaders / "decimal.hpp",     kSdkHeaders / "money.hpp",
                                   kSdkHeaders / "json.hpp",        kSdkHeaders / "json_number.hpp",
                                   kSdkHeaders / "json_writer.hpp", kSdkHeaders / "timestamp.hpp",
                                   kSdkHeaders / "calendar_date.hpp"};
    add_sources(kSdkHeaders / "model", files);
    return files;
}

/// The sources records and their amounts pass through: the bus, the store, the CLI, the HTTP
/// server and admin API, every connector and the API sandbox.
std::vector<fs::path> money_path_sources() {
    std::vector<fs::path> files;
    for (const char* dir : {"host/src/bus", "host/src/store", "host/src/cli", "host/src/api", "tests/sandbox/src"}) {
        add_sources(kSource / dir, files);
    }
    for (const auto& connector : fs::directory_iterator(kSource / "plugins" / "connectors")) {
        if (fs::exists(connector.path() / "src")) add_sources(connector.path() / "src", files);
    }
    return files;
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// `source` with every comment replaced by spaces (newlines kept, so line numbers hold). String
/// and character literals are kept: "https://..." does not start a comment.
std::string without_comments(const std::string& source) {
    std::string out = source;
    enum { code, line_comment, block_comment, string_literal, char_literal } state = code;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = source[i];
        const char next = i + 1 < source.size() ? source[i + 1] : '\0';
        switch (state) {
            case code:
                if (c == '/' && next == '/') state = line_comment;
                else if (c == '/' && next == '*') state = block_comment;
                else if (c == '"') state = string_literal;
                else if (c == '\'') state = char_literal;
                break;
            case line_comment:
                if (c == '\n') state = code;
                break;
            case block_comment:
                if (c == '*' && next == '/') {
                    out[i] = out[i + 1] = ' ';
                    ++i;
                    state = code;
                    continue;
                }
                break;
            case string_literal:
            case char_literal:
                if (c == '\\') {
                    ++i;
                } else if (c == (state == string_literal ? '"' : '\'')) {
                    state = code;
                }
                break;
        }
        if ((state == line_comment || state == block_comment) && out[i] != '\n') out[i] = ' ';
    }
    return out;
}

// Whole words only: is_number_float() (a question about a JSON value) is fine; `float`,
// `double` (and so `long double`) and the text-to-floating conversions are not.
const std::regex kFloatingPoint(R"(\b(double|float|std::stod|stod|stof|stold|strtod|strtof|strtold|atof|number_float_t)\b)");

// A JSON parse that turns every number with a fraction into a double.
const std::regex kDoubleJsonParse(R"((^|[^\w:])(nlohmann::)?(ordered_)?json::parse\s*\()");

/// Files allowed to parse with nlohmann::json::parse, and why: they read no amounts.
bool parses_no_amounts(const fs::path& file) {
    const std::string name = file.filename().string();
    return name == "canonical_schemas.cpp"  // the canonical JSON Schemas compiled into the host
           || name == "plugin_manifest.cpp";  // plugin manifests
}

/// Every line of the code of `file` (comments blanked) that matches `pattern`, as "file:line: match".
std::vector<std::string> matches_in_code(const fs::path& file, const std::regex& pattern) {
    std::vector<std::string> found;
    std::istringstream code(without_comments(read_file(file)));
    std::string line;
    for (int number = 1; std::getline(code, line); ++number) {
        std::smatch match;
        if (std::regex_search(line, match, pattern)) {
            found.push_back(file.string() + ":" + std::to_string(number) + ": \"" + match.str() + "\"");
        }
    }
    return found;
}

TEST(NoBinaryFloatingPoint, the_decimal_money_json_time_and_model_headers_hold_no_floating_point_code) {
    const auto files = exact_arithmetic_headers();
    ASSERT_GE(files.size(), 15u) << "the model headers were not found under " << kSdkHeaders;
    for (const auto& file : files) {
        ASSERT_TRUE(fs::exists(file)) << "cannot read " << file;
        for (const auto& hit : matches_in_code(file, kFloatingPoint)) ADD_FAILURE() << hit << " has no place in exact money code";
    }
}

TEST(NoBinaryFloatingPoint, no_source_on_a_money_path_holds_floating_point_code) {
    const auto files = money_path_sources();
    ASSERT_GE(files.size(), 60u) << "the sources were not found under " << kSource;
    for (const auto& file : files) {
        for (const auto& hit : matches_in_code(file, kFloatingPoint)) ADD_FAILURE() << hit << " has no place on a money path";
    }
}

TEST(NoBinaryFloatingPoint, payloads_that_may_hold_amounts_are_parsed_exactly) {
    std::vector<fs::path> files = money_path_sources();
    add_sources(kSource / "host" / "src", files);
    add_sources(kSdkHeaders, files);
    for (const auto& file : files) {
        if (parses_no_amounts(file)) continue;
        for (const auto& hit : matches_in_code(file, kDoubleJsonParse)) {
            ADD_FAILURE() << hit << ": parse payloads that may hold amounts with sdk::parse_json_exact "
                                    "(JsonNumbers::verbatim to pass them on unchanged)";
        }
    }
}

TEST(NoBinaryFloatingPoint, the_parse_check_finds_double_parses_and_ignores_the_exact_parser) {
    for (const char* bad : {"auto j = nlohmann::json::parse(text);", "json::parse(body)", "x = ordered_json::parse (t);"}) {
        EXPECT_TRUE(std::regex_search(std::string(bad), kDoubleJsonParse)) << bad;
    }
    for (const char* fine : {"sdk::parse_json_exact(text)", "nlohmann::json::sax_parse(a, b, &h)", "my_json::parse(x)",
                             "parse_json(x)"}) {
        EXPECT_FALSE(std::regex_search(std::string(fine), kDoubleJsonParse)) << fine;
    }
}

TEST(NoBinaryFloatingPoint, the_check_finds_floating_point_code_and_ignores_comments) {
    const auto found = [](const std::string& source) {
        return std::regex_search(without_comments(source), kFloatingPoint);
    };
    for (const char* bad : {"double total = 0;", "float x;", "long double y;", "std::stod(text)", "strtod(p, 0)",
                            "atof(s)", "json::number_float_t v", "auto u = \"https://x\"; double y;",
                            "/* note */ double y;"}) {
        EXPECT_TRUE(found(bad)) << bad;
    }
    for (const char* fine : {"value.is_number_float()", "doubled", "float_like_name_x", "// never a double",
                             "/* a double\n would lose cents */", "x = 1; // not a float"}) {
        EXPECT_FALSE(found(fine)) << fine;
    }
}

}  // namespace
