// The tools' one JSON writer (lib/json) and one SVG writer (lib/plot): the
// layouts analyze, bench and model print with, and the escaping that keeps
// any name a user's file holds from breaking the document.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "json/json_value.hpp"
#include "json/json_writer.hpp"
#include "plot/svg.hpp"

namespace {

using cdma::json::JsonWriter;
using cdma::json::Layout;

// A document with one of each kind of member, every container in `layout`.
std::string sample(Layout layout, cdma::json::WriterStyle style = {}) {
  std::string out;
  JsonWriter w(out, style);
  w.begin_object({}, layout);
  w.field("name", "a");
  w.field("n", uint64_t{3});
  w.begin_array("list", layout);
  w.field({}, -2);
  w.null_field({});
  w.end_array();
  w.begin_object("empty", layout);
  w.end_object();
  w.end_object();
  w.finish();
  return out;
}

}  // namespace

TEST_CASE("JSON writer: block layout indents two spaces a level", "[writers]") {
  REQUIRE(sample(Layout::block) ==
          "{\n  \"name\": \"a\",\n  \"n\": 3,\n  \"list\": [\n    -2,\n    null\n  ],\n"
          "  \"empty\": {}\n}\n");
}

TEST_CASE("JSON writer: rows close on the last row, one_line stays on its line", "[writers]") {
  REQUIRE(sample(Layout::rows) ==
          "{\n  \"name\": \"a\",\n  \"n\": 3,\n  \"list\": [\n    -2,\n    null],\n"
          "  \"empty\": {}}\n");
  REQUIRE(sample(Layout::one_line) == "{\"name\": \"a\", \"n\": 3, \"list\": [-2, null], \"empty\": {}}\n");
  REQUIRE(sample(Layout::one_line, {.spaces = false}) ==
          "{\"name\":\"a\",\"n\":3,\"list\":[-2,null],\"empty\":{}}\n");
}

TEST_CASE("JSON writer: doubles to the style's digits, non-finite as null", "[writers]") {
  for (const int digits : {9, 17}) {
    std::string out;
    JsonWriter w(out, {.spaces = false, .double_digits = digits});
    w.begin_array({}, Layout::one_line);
    w.field({}, 0.1);
    w.field({}, 1e300);
    w.field({}, std::numeric_limits<double>::infinity());
    w.field({}, std::nan(""));
    w.field({}, true);
    w.end_array();
    const auto doc = cdma::json::parse_json(out, 100);
    REQUIRE(doc.items.size() == 5);
    REQUIRE(doc.items[0].text == (digits == 17 ? "0.10000000000000001" : "0.1"));
    REQUIRE(std::stod(doc.items[0].text) == 0.1);
    REQUIRE(doc.items[2].kind == cdma::json::JsonValue::Kind::null);
    REQUIRE(doc.items[3].kind == cdma::json::JsonValue::Kind::null);
    REQUIRE(doc.items[4].kind == cdma::json::JsonValue::Kind::boolean);
  }
}

TEST_CASE("JSON writer: any bytes in a name give valid JSON", "[writers]") {
  const std::string hostile = std::string("q\"b\\n\nt\tnul") + '\0' + "del\x7f" + "c1\xc2\x9b" +
                              "bad\xff\xfe" + "cut\xe2\x82" + "ok\xc3\xa9";
  REQUIRE(JsonWriter::quoted(hostile) ==
          "\"q\\\"b\\\\n\\u000at\\u0009nul\\u0000del\\u007fc1\\u009bbad\\ufffd\\ufffdcut\\ufffd\\ufffdok\xc3\xa9\"");
  // It reads back: the valid characters as they were, each bad byte as U+FFFD.
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field(hostile, hostile);
  w.end_object();
  const auto doc = cdma::json::parse_json(out, 100);
  REQUIRE(doc.members.size() == 1);
  const std::string fffd = "\xef\xbf\xbd";
  const std::string back = std::string("q\"b\\n\nt\tnul") + '\0' + "del\x7f" + "c1\xc2\x9b" + "bad" +
                           fffd + fffd + "cut" + fffd + fffd + "ok\xc3\xa9";
  REQUIRE(doc.members[0].name == back);
  REQUIRE(doc.members[0].value.text == back);
}

TEST_CASE("SVG writer: elements, tooltips and escaped text", "[writers]") {
  cdma::plot::Svg svg(100, 50.25, "a <b> & \"c\" 'd'", 20);
  svg.element("line", {{"x1", 1}, {"y1", 2.25}, {"stroke", "#ddd"}});
  svg.element("circle", {{"cx", 3}, {"r", "4"}}, "x<y");
  svg.text({{"font-size", "9"}, {"transform", cdma::plot::rotated_at(1, 2, -40)}}, "l&r");
  const std::string doc = svg.finish();
  REQUIRE(doc ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"100.0\" height=\"50.2\" "
          "viewBox=\"0 0 100.0 50.2\" font-family=\"sans-serif\">\n"
          "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
          "<text x=\"16\" y=\"20\" font-size=\"15\" font-weight=\"bold\">"
          "a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;</text>\n"
          "<line x1=\"1.0\" y1=\"2.2\" stroke=\"#ddd\"/>\n"
          "<circle cx=\"3.0\" r=\"4\"><title>x&lt;y</title></circle>\n"
          "<text font-size=\"9\" transform=\"translate(1.0,2.0) rotate(-40)\">l&amp;r</text>\n"
          "</svg>\n");
}

TEST_CASE("SVG writer: a name that is not UTF-8 or holds controls stays valid XML", "[writers]") {
  const std::string fffd = "\xef\xbf\xbd";
  REQUIRE(cdma::plot::escape(std::string("a\xff\x1b[2Jb\x7f\xc2\x9b\xe2\x82") + "c\xc3\xa9") ==
          "a" + fffd + fffd + "[2Jb" + fffd + fffd + fffd + fffd + "c\xc3\xa9");
}
