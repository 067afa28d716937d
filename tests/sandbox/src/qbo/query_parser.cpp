#include "qbo/query_parser.hpp"

#include <cctype>

#include "qbo/entity_kind.hpp"
#include "qbo/qbo_fault.hpp"
#include "qbo/queryable_properties.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

struct Token {
    enum class Type { word, string, number, symbol, end };
    Type type = Type::end;
    std::string text;
    std::size_t column = 0;  // 1-based, as QBO reports
};

class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) : text_(text) {}

    std::vector<Token> tokens() {
        std::vector<Token> out;
        while (true) {
            skip_space();
            Token token;
            token.column = pos_ + 1;
            if (pos_ >= text_.size()) {
                token.type = Token::Type::end;
                out.push_back(token);
                return out;
            }
            const char c = text_[pos_];
            if (c == '\'') {
                token.type = Token::Type::string;
                token.text = read_string(token.column);
            } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                       (c == '-' && pos_ + 1 < text_.size() &&
                        std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
                token.type = Token::Type::number;
                token.text.push_back(text_[pos_++]);
                while (
                    pos_ < text_.size() &&
                    (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) {
                    token.text.push_back(text_[pos_++]);
                }
            } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                token.type = Token::Type::word;
                while (pos_ < text_.size() &&
                       (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                        text_[pos_] == '_' || text_[pos_] == '.')) {
                    token.text.push_back(text_[pos_++]);
                }
            } else if (c == '<' || c == '>' || c == '!') {
                token.type = Token::Type::symbol;
                token.text.push_back(text_[pos_++]);
                if (pos_ < text_.size() && (text_[pos_] == '=' || (c == '<' && text_[pos_] == '>')))
                    token.text.push_back(text_[pos_++]);
            } else if (c == '=' || c == '(' || c == ')' || c == ',' || c == '*') {
                token.type = Token::Type::symbol;
                token.text.push_back(text_[pos_++]);
            } else {
                throw faults::invalid_query("QueryParserError: Encountered \"" + std::string(1, c) +
                                            "\" at line 1, column " + std::to_string(token.column) +
                                            ".");
            }
            out.push_back(std::move(token));
        }
    }

private:
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
            ++pos_;
    }

    std::string read_string(std::size_t column) {
        std::string out;
        ++pos_;  // opening quote
        while (pos_ < text_.size()) {
            const char c = text_[pos_++];
            if (c == '\\' && pos_ < text_.size()) {
                out.push_back(text_[pos_++]);  // \' \" \\ and any other escaped character
            } else if (c == '\'') {
                return out;
            } else {
                out.push_back(c);
            }
        }
        throw faults::invalid_query(
            "QueryParserError: Lexical error at line 1, column " +
            std::to_string(text_.size() + 1) + ".  Encountered: <EOF> after : \"'" + out +
            "\" (the string that starts at column " + std::to_string(column) + " is not closed)");
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

    ParsedQuery parse() {
        ParsedQuery query;
        expect_keyword("SELECT");
        if (peek_symbol("*")) {
            next();
        } else if (peek_keyword("COUNT")) {
            next();
            expect_symbol("(");
            expect_symbol("*");
            expect_symbol(")");
            query.count = true;
        } else {
            query.fields.push_back(expect_word("a property name"));
            while (peek_symbol(",")) {
                next();
                query.fields.push_back(expect_word("a property name"));
            }
        }
        expect_keyword("FROM");
        const Token entity = next();
        if (entity.type != Token::Type::word)
            fail(entity, "an entity name");
        query.entity = queryable_entity(entity.text);
        if (query.entity.empty()) {
            throw faults::invalid_query("QueryParserError: Invalid context declaration : " +
                                        entity.text + " (no entity of that name)");
        }
        if (peek_keyword("WHERE")) {
            next();
            query.where.push_back(condition(query.entity));
            while (peek_keyword("AND")) {
                next();
                query.where.push_back(condition(query.entity));
            }
            if (peek_keyword("OR")) {
                throw faults::invalid_query(
                    "QueryParserError: Encountered \" \"OR\" \"OR \"\" at line 1, column " +
                    std::to_string(peek().column) +
                    ". OR is not supported; run one query per value "
                    "or use IN.");
            }
        }
        if (peek_keyword("ORDERBY") || peek_keyword("ORDER")) {
            if (next().text.size() == 5)
                expect_keyword("BY");
            query.order_by.push_back(order_term());
            while (peek_symbol(",")) {
                next();
                query.order_by.push_back(order_term());
            }
        }
        while (peek_keyword("STARTPOSITION") || peek_keyword("MAXRESULTS")) {
            const bool start = equals_ignore_case(next().text, "STARTPOSITION");
            const Token value = next();
            if (value.type != Token::Type::number || value.text.find('.') != std::string::npos)
                fail(value, "<INTEGER>");
            std::int64_t n = 0;
            for (const char c : value.text) {
                if (c == '-') {
                    n = -1;
                    break;
                }
                n = n * 10 + (c - '0');
                if (n > 1'000'000'000)
                    break;
            }
            if (n < 1) {
                throw faults::invalid_query("QueryValidationError: value " + value.text +
                                            " is too small. Min allowed value is 1");
            }
            if (!start && n > kMaxQueryResults) {
                throw faults::invalid_query("QueryValidationError: value " + value.text +
                                            " is too large. Max allowed value is " +
                                            std::to_string(kMaxQueryResults));
            }
            (start ? query.start_position : query.max_results) = n;
        }
        const Token& end = peek();
        if (end.type != Token::Type::end)
            fail(end, "<EOF>");
        return query;
    }

private:
    QueryCondition condition(const std::string& entity) {
        QueryCondition c;
        c.property = expect_word("a property name");
        check_filterable(entity, c.property);
        const Token op = next();
        if (op.type == Token::Type::symbol && (op.text == "=" || op.text == "<" || op.text == ">" ||
                                               op.text == "<=" || op.text == ">=")) {
            c.op = op.text;
            c.values.push_back(value());
        } else if (op.type == Token::Type::word && equals_ignore_case(op.text, "IN")) {
            c.op = "IN";
            expect_symbol("(");
            c.values.push_back(value());
            while (peek_symbol(",")) {
                next();
                c.values.push_back(value());
            }
            expect_symbol(")");
        } else if (op.type == Token::Type::word && equals_ignore_case(op.text, "LIKE")) {
            c.op = "LIKE";
            c.values.push_back(value());
            if (c.values.back().type != QueryValue::Type::string) {
                throw faults::invalid_query(
                    "QueryValidationError: LIKE needs a quoted pattern for property " + c.property);
            }
        } else {
            fail(op, "one of =, <, >, <=, >=, IN, LIKE");
        }
        if (equals_ignore_case(c.property, "Id") && c.op != "=" && c.op != "IN") {
            throw faults::invalid_query("QueryValidationError: operator " + c.op +
                                        " is not supported for property Id; only = and IN are");
        }
        return c;
    }

    QueryOrder order_term() {
        QueryOrder o;
        o.property = expect_word("a property name");
        if (peek_keyword("ASC")) {
            next();
        } else if (peek_keyword("DESC")) {
            next();
            o.descending = true;
        }
        return o;
    }

    QueryValue value() {
        const Token t = next();
        QueryValue v;
        v.text = t.text;
        if (t.type == Token::Type::string) {
            v.type = QueryValue::Type::string;
        } else if (t.type == Token::Type::number) {
            v.type = QueryValue::Type::number;
        } else if (t.type == Token::Type::word &&
                   (equals_ignore_case(t.text, "true") || equals_ignore_case(t.text, "false"))) {
            v.type = QueryValue::Type::boolean;
            v.text = to_lower(t.text);
        } else {
            fail(t, "a quoted value, a number, true or false");
        }
        return v;
    }

    const Token& peek() const { return tokens_[index_]; }
    Token next() {
        const Token t = tokens_[index_];
        if (index_ + 1 < tokens_.size())
            ++index_;
        return t;
    }
    bool peek_keyword(const char* word) const {
        return peek().type == Token::Type::word && equals_ignore_case(peek().text, word);
    }
    bool peek_symbol(const char* symbol) const {
        return peek().type == Token::Type::symbol && peek().text == symbol;
    }
    void expect_keyword(const char* word) {
        if (!peek_keyword(word))
            fail(peek(), std::string("\"") + word + "\"");
        next();
    }
    void expect_symbol(const char* symbol) {
        if (!peek_symbol(symbol))
            fail(peek(), std::string("\"") + symbol + "\"");
        next();
    }
    std::string expect_word(const char* what) {
        const Token t = next();
        if (t.type != Token::Type::word)
            fail(t, what);
        return t.text;
    }
    [[noreturn]] void fail(const Token& token, const std::string& expected) const {
        const std::string seen = token.type == Token::Type::end ? "<EOF>" : token.text;
        throw faults::invalid_query("QueryParserError: Encountered \"" + seen +
                                    "\" at line 1, column " + std::to_string(token.column) +
                                    ". Was expecting " + expected + ".");
    }

    std::vector<Token> tokens_;
    std::size_t index_ = 0;
};

}  // namespace

ParsedQuery parse_query(std::string_view text) {
    Tokenizer tokenizer(text);
    Parser parser(tokenizer.tokens());
    return parser.parse();
}

}  // namespace ledgersync::sandbox::qbo
