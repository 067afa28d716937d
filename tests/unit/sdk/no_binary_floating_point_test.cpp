// Money and quantities never pass through binary floating point (MISSION.md, point 16). This
// test reads the code of the SDK's exact-arithmetic headers and fails, naming file and line, on
// any floating-point type or text-to-floating conversion. Comments may talk about doubles (to
// say why there are none); code may not.

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

/// decimal.hpp, money.hpp and every header of the canonical model.
std::vector<fs::path> exact_arithmetic_headers() {
    std::vector<fs::path> files = {kSdkHeaders / "decimal.hpp", kSdkHeaders / "money.hpp"};
    for (const auto& entry : fs::recursive_directory_iterator(kSdkHeaders / "model")) {
        if (entry.path().extension() == ".hpp") files.push_back(entry.path());
    }
    return files;
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

TEST(NoBinaryFloatingPoint, the_decimal_money_and_model_headers_hold_no_floating_point_code) {
    const auto files = exact_arithmetic_headers();
    ASSERT_GE(files.size(), 10u) << "the model headers were not found under " << kSdkHeaders;
    for (const auto& file : files) {
        std::ifstream in(file);
        ASSERT_TRUE(in) << "cannot read " << file;
        std::stringstream text;
        text << in.rdbuf();
        std::istringstream code(without_comments(text.str()));
        std::string line;
        for (int number = 1; std::getline(code, line); ++number) {
            std::smatch match;
            EXPECT_FALSE(std::regex_search(line, match, kFloatingPoint))
                << file.string() << ":" << number << ": \"" << match.str() << "\" has no place in exact money code";
        }
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
