#include "plot/svg.hpp"

#include "text/number_text.hpp"
#include "text/utf8.hpp"

namespace cdma::plot {

std::string escape(std::string_view s) {
  std::string out;
  text::for_each_char(s, [&out](uint32_t code, std::string_view bytes) {
    switch (code) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: {
        // Not UTF-8 (an XML parser rejects the document), or a control
        // character (XML 1.0 forbids C0 even as a reference; DEL and C1
        // would reach a terminal showing the file): U+FFFD instead.
        const bool bad = code == text::kNotUtf8 || text::is_control_code(code);
        out += bad ? std::string_view("\xef\xbf\xbd") : bytes;
      }
    }
  });
  return out;
}

std::string coord(double v) { return text::fixed(v, 1); }

std::string rotated_at(double x, double y, int degrees) {
  return "translate(" + coord(x) + "," + coord(y) + ") rotate(" + std::to_string(degrees) + ")";
}

Svg::Svg(double width, double height, std::string_view title, int title_y) {
  out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" +
         coord(width) + "\" height=\"" + coord(height) + "\" viewBox=\"0 0 " + coord(width) + " " +
         coord(height) + "\" font-family=\"sans-serif\">\n";
  out_ += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  const std::string y = std::to_string(title_y);
  text({{"x", "16"}, {"y", y}, {"font-size", "15"}, {"font-weight", "bold"}}, title);
}

void Svg::open_tag(std::string_view name, Attrs attrs) {
  out_ += '<';
  out_ += name;
  for (const Attr& a : attrs) {
    out_ += ' ';
    out_ += a.name;
    out_ += "=\"";
    out_ += a.value;
    out_ += '"';
  }
}

void Svg::element(std::string_view name, Attrs attrs) {
  open_tag(name, attrs);
  out_ += "/>\n";
}

void Svg::element(std::string_view name, Attrs attrs, std::string_view tip) {
  open_tag(name, attrs);
  out_ += "><title>" + escape(tip) + "</title></";
  out_ += name;
  out_ += ">\n";
}

void Svg::text(Attrs attrs, std::string_view content) {
  open_tag("text", attrs);
  out_ += '>' + escape(content) + "</text>\n";
}

std::string Svg::finish() { return std::move(out_) + "</svg>\n"; }

}  // namespace cdma::plot
