#include "server/http/sse.h"

#include <gtest/gtest.h>

namespace warroom::http {
namespace {

std::string Format(std::string id, std::string event, std::string data,
                   std::optional<int64_t> retry_ms = std::nullopt) {
  SseEvent e;
  e.id = std::move(id);
  e.event = std::move(event);
  e.data = std::move(data);
  e.retry_ms = retry_ms;
  return e.Format();
}

TEST(SseEventTest, FormatsEveryField) {
  EXPECT_EQ(Format("42", "incident", R"({"a":1})", 5000),
            "id: 42\nevent: incident\nretry: 5000\ndata: {\"a\":1}\n\n");
}

TEST(SseEventTest, DataOnlyAndEmptyDataStillDispatch) {
  EXPECT_EQ(Format("", "", "hi"), "data: hi\n\n");
  // Without a data line the browser would not dispatch the event at all.
  EXPECT_EQ(Format("7", "", ""), "id: 7\ndata: \n\n");
}

TEST(SseEventTest, EveryLineBreakInDataStartsADataLine) {
  EXPECT_EQ(Format("", "", "a\nb\r\nc\rd"), "data: a\ndata: b\ndata: c\ndata: d\n\n");
  // A trailing break keeps its empty line; a blank line inside data cannot end the event.
  EXPECT_EQ(Format("", "", "a\n\nid: 9\n"), "data: a\ndata: \ndata: id: 9\ndata: \n\n");
  // Leading spaces survive the one space the browser strips.
  EXPECT_EQ(Format("", "", " x"), "data:  x\n\n");
}

TEST(SseEventTest, LineBreaksInIdAndEventCannotForgeFields) {
  const std::string text = Format("1\n\ndata: evil", "x\revent: y", "ok");
  EXPECT_EQ(text, "id: 1data: evil\nevent: xevent: y\ndata: ok\n\n");
  // Exactly one blank line: one event.
  EXPECT_EQ(text.find("\n\n"), text.size() - 2);
  EXPECT_EQ(Format(std::string("a\0b", 3), "", ""), "id: ab\ndata: \n\n");
}

TEST(SseEventTest, NegativeRetryIsZero) {
  EXPECT_EQ(Format("", "", "x", -5), "retry: 0\ndata: x\n\n");
}

TEST(SseCommentTest, IsOneCommentLine) {
  EXPECT_EQ(SseComment("keep-alive"), ": keep-alive\n\n");
  EXPECT_EQ(SseComment("a\n\ndata: b"), ": adata: b\n\n");
}

}  // namespace
}  // namespace warroom::http
