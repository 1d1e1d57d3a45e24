// The one SVG writer of the tools (`cdma analyze --plot`, `cdma bench
// --plot`): hand-written SVG 1.1, no plotting dependency. Each chart draws
// its own axes and marks with these elements; this file owns the document,
// the escaping of text a user chose (file and directory names) and the
// format of coordinates.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace cdma::plot {

// `s` with & < > " ' as XML entities, and each control character or byte
// that is not part of valid UTF-8 as U+FFFD: safe in text and in attribute
// values whatever a file name holds.
std::string escape(std::string_view s);

// A coordinate or length as the document writes it: one decimal ("12.5").
std::string coord(double v);

// "translate(x,y) rotate(degrees)": text drawn at (x, y), turned.
std::string rotated_at(double x, double y, int degrees);

// One attribute: a number is written with coord(), text escaped.
struct Attr {
  Attr(std::string_view name, double v) : name(name), value(coord(v)) {}
  Attr(std::string_view name, std::string_view v) : name(name), value(escape(v)) {}
  std::string_view name;
  std::string value;
};
using Attrs = std::initializer_list<Attr>;

class Svg {
 public:
  // The document's head, a white background, and `title` in bold at the
  // top left (its baseline at title_y).
  Svg(double width, double height, std::string_view title, int title_y);

  // <name a="v" .../>
  void element(std::string_view name, Attrs attrs);
  // <name a="v" ...><title>tip</title></name>: a tooltip in a viewer.
  void element(std::string_view name, Attrs attrs, std::string_view tip);
  // <text a="v" ...>content</text>
  void text(Attrs attrs, std::string_view content);

  // The closed document.
  std::string finish();

 private:
  void open_tag(std::string_view name, Attrs attrs);
  std::string out_;
};

}  // namespace cdma::plot
