// JsonWriter writes what nlohmann's dump() writes, byte for byte: the services' answers were
// trees dumped before, and reports, traces and clients compare their text.
#include "mocks/common/json_writer.h"

#include <gtest/gtest.h>

namespace lockstep::mocks {
namespace {

using J = nlohmann::ordered_json;

TEST(JsonWriter, ValueWritesWhatDumpWrites) {
  J v = J::object();
  v["plain"] = "abc";
  v["escapes"] = std::string("q\" b\\ \b\f\n\r\t \x01\x1f \x7f end") + std::string(1, '\0');
  v["utf8"] = "caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x8e\xb5";
  v["ints"] = J::array({0, -1, 42, INT64_MIN, INT64_MAX});
  v["unsigned"] = UINT64_MAX;
  v["floats"] = J::array({0.1, -2.5, 1e300, 3.0, 1.0 / 3});
  v["literals"] = J::array({true, false, nullptr});
  v["empty"] = J::object({{"o", J::object()}, {"a", J::array()}, {"s", ""}});
  v["nested"] = J::array({J::object({{"k", J::array({J::object({{"deep", "x"}})})}})});
  JsonWriter whole;
  whole.Value(v);
  EXPECT_EQ(whole.Take(), v.dump());
  for (const auto& [key, member] : v.items()) {
    JsonWriter one(1);  // the smallest buffer: every write grows it
    one.Value(member);
    EXPECT_EQ(one.Take(), member.dump()) << key;
  }
}

// The scan that skips plain bytes eight at a time: each byte that needs an escape, at every
// offset around a word's boundaries, among plain ASCII and UTF-8 bytes.
TEST(JsonWriter, EscapesAreFoundAtEveryOffset) {
  const std::string specials = std::string("\"\\\b\f\n\r\t\x01\x1f", 9) + std::string(1, '\0');
  for (char special : specials) {
    for (size_t before = 0; before < 20; ++before) {
      for (const char* filler : {"a", "\x7f", "\xc3\xa9"}) {
        std::string s;
        while (s.size() < before) s += filler;
        s += special;
        s += "tail \xe2\x86\x92 end";
        JsonWriter w(1);
        w.String(s);
        EXPECT_EQ(w.Take(), J(s).dump()) << "byte " << static_cast<int>(special) << " after " << before;
      }
    }
  }
}

TEST(JsonWriter, MembersAndElementsAreSeparatedAsDumpSeparatesThem) {
  JsonWriter w;
  w.BeginObject().Key("a").Int(1).Key("b").BeginArray().String("x").Null().Bool(true).BeginObject().EndObject();
  w.EndArray().KeyText("c\n").Raw("{\"r\":1}").Key("d").BeginArray().EndArray().EndObject();
  const J expected = J::object({{"a", 1},
                                {"b", J::array({"x", nullptr, true, J::object()})},
                                {"c\n", J::object({{"r", 1}})},
                                {"d", J::array()}});
  EXPECT_EQ(w.Take(), expected.dump());
  w.BeginArray().Int(-7).EndArray();  // a taken writer starts again empty
  EXPECT_EQ(w.Take(), "[-7]");
}

}  // namespace
}  // namespace lockstep::mocks
