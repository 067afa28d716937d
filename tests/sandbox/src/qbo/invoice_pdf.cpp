#include "qbo/invoice_pdf.hpp"

#include <cstdio>
#include <vector>

#include "qbo/qbo_json.hpp"
#include "qbo/sales_form_view.hpp"

namespace ledgersync::sandbox::qbo {

namespace {


constexpr int kPageHeight = 792;  // US Letter, points
constexpr int kTopY = 740;
constexpr int kBottomY = 72;
constexpr int kLineHeight = 16;

// PDF literal strings in WinAnsiEncoding: UTF-8 Latin-1 characters map to their byte, others
// become '?'; parentheses and backslashes are escaped.
std::string pdf_text(const std::string& utf8) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        unsigned code = c;
        if (c >= 0x80) {
            if ((c & 0xE0) == 0xC0 && i + 1 < utf8.size()) {
                code = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
                ++i;
            } else {
                while (i + 1 < utf8.size() &&
                       (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80)
                    ++i;
                code = '?';
            }
            if (code > 0xFF || code < 0xA0)
                code = '?';
        }
        if (code == '(' || code == ')' || code == '\\')
            out.push_back('\\');
        if (code < 0x20)
            code = ' ';
        out.push_back(static_cast<char>(code));
    }
    return out;
}

struct TextRun {
    int x;
    int size;
    bool bold;
    std::string text;
};

class PageBuilder {
public:
    void line(std::vector<TextRun> runs, int gap = kLineHeight) {
        if (y_ - gap < kBottomY)
            new_page();
        y_ -= gap;
        for (auto& run : runs) {
            current() += "BT /" + std::string(run.bold ? "F2" : "F1") + " " +
                         std::to_string(run.size) + " Tf " + std::to_string(run.x) + " " +
                         std::to_string(y_) + " Td (" + pdf_text(run.text) + ") Tj ET\n";
        }
    }
    void rule() {
        if (y_ - 6 < kBottomY)
            new_page();
        y_ -= 6;
        current() += "0.5 w 50 " + std::to_string(y_) + " m 562 " + std::to_string(y_) + " l S\n";
    }
    std::vector<std::string>& pages() { return pages_; }

private:
    std::string& current() {
        if (pages_.empty())
            pages_.emplace_back();
        return pages_.back();
    }
    void new_page() {
        pages_.emplace_back();
        y_ = kTopY;
    }

    std::vector<std::string> pages_;
    int y_ = kTopY + kLineHeight;
};

// Assembles objects into a file with a cross-reference table of exact byte offsets.
std::string assemble(const std::vector<std::string>& objects) {
    std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    char entry[32];
    for (const std::size_t offset : offsets) {
        std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
        out += entry;
    }
    out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R /Info 2 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

}  // namespace

std::string render_transaction_pdf(const std::string& company_name, const std::string& kind_title,
                                   const nlohmann::json& txn) {
    PageBuilder page;
    page.line({{50, 18, true, company_name}, {420, 18, true, kind_title}});
    page.line({{50, 10, false, "Created by the ledgersync QuickBooks Online sandbox"}});
    const SalesFormView view = SalesFormView::of(txn);
    page.line({{50, 11, true, kind_title == "INVOICE" ? "Invoice no." : "No."},
               {140, 11, false, view.number},
               {330, 11, true, "Date"},
               {400, 11, false, view.date}});
    if (!view.due_date.empty())
        page.line({{330, 11, true, "Due date"}, {400, 11, false, view.due_date}});
    page.line({{50, 11, true, "Bill to"}, {140, 11, false, view.customer}}, 22);
    if (!view.billing_address.empty())
        page.line({{140, 10, false, view.billing_address}});

    page.line({{50, 11, true, "Description"},
               {330, 11, true, "Qty"},
               {400, 11, true, "Rate"},
               {480, 11, true, "Amount"}},
              28);
    page.rule();
    for (const auto& line : view.lines) {
        std::vector<TextRun> runs = {{50, 10, false, line.description.substr(0, 60)}};
        if (!line.quantity.empty())
            runs.push_back({330, 10, false, line.quantity});
        if (!line.rate.empty())
            runs.push_back({400, 10, false, line.rate});
        if (!line.amount.empty())
            runs.push_back({480, 10, false, line.amount});
        page.line(std::move(runs));
    }
    page.rule();
    const auto total_row = [&](const char* label, const std::string& value, bool bold = false) {
        page.line({{330, 11, bold, label}, {480, 11, bold, value}});
    };
    const std::string currency = view.currency.empty() ? "" : " " + view.currency;
    total_row("Subtotal", view.subtotal);
    if (!view.discount.empty())
        total_row("Discount", "-" + view.discount);
    total_row("Tax", view.tax);
    total_row("Total", view.total + currency, true);
    if (!view.balance.empty())
        total_row("Balance due", view.balance + currency, true);
    if (!view.memo.empty())
        page.line({{50, 10, false, view.memo.substr(0, 100)}}, 28);

    // Objects: 1 catalog, 2 info, 3 pages, 4-5 fonts, then a page and its content per page.
    const auto& pages = page.pages();
    std::vector<std::string> objects(5);
    std::string kids;
    for (std::size_t i = 0; i < pages.size(); ++i)
        kids += std::to_string(6 + 2 * i) + " 0 R ";
    objects[0] = "<< /Type /Catalog /Pages 3 0 R >>";
    objects[1] = "<< /Title (" + pdf_text(kind_title + " " + string_member(txn, "DocNumber")) +
                 ") /Producer (ledgersync sandbox) >>";
    objects[2] =
        "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>";
    objects[3] =
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
    objects[4] =
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>";
    for (std::size_t i = 0; i < pages.size(); ++i) {
        objects.push_back("<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 " +
                          std::to_string(kPageHeight) +
                          "] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents " +
                          std::to_string(7 + 2 * i) + " 0 R >>");
        objects.push_back("<< /Length " + std::to_string(pages[i].size()) + " >>\nstream\n" +
                          pages[i] + "endstream");
    }
    return assemble(objects);
}

}  // namespace ledgersync::sandbox::qbo
