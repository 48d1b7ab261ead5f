// Fuzzes MarkdownToHtml and MarkdownToText and checks what markdown.h promises: no raw
// HTML element or comment and no link other than http(s) or mailto in the HTML, valid
// UTF-8 out of any bytes in.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libs/base/utf8.h"
#include "server/core/advisory/markdown.h"

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// The only tags cmark writes for CommonMark, none of them able to run script.
bool IsAllowedTag(std::string_view tag) {
  static constexpr std::string_view kAllowed[] = {"p",    "h1",  "h2", "h3", "h4", "h5",
                                                  "h6",   "ul",  "ol", "li", "em", "strong",
                                                  "code", "pre", "a",  "br", "hr", "blockquote"};
  for (std::string_view a : kAllowed) {
    if (tag == a) {
      return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // cmark is not linear on every input; callers bound the size.
  constexpr size_t kMaxInput = size_t{16} * 1024;
  if (size > kMaxInput) {
    return 0;
  }
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string html = Lower(warroom::core::advisory::MarkdownToHtml(input));
  const std::string text = warroom::core::advisory::MarkdownToText(input);
  if (!warroom::IsValidUtf8(html) || !warroom::IsValidUtf8(text)) {
    std::abort();
  }
  for (size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
    size_t j = i + 1;
    if (j < html.size() && html[j] == '/') {
      ++j;
    }
    size_t end = j;
    while (end < html.size() &&
           ((html[end] >= 'a' && html[end] <= 'z') || (html[end] >= '0' && html[end] <= '9'))) {
      ++end;
    }
    if (!IsAllowedTag(std::string_view(html).substr(j, end - j))) {
      std::abort();
    }
  }
  for (size_t i = html.find("href=\""); i != std::string::npos; i = html.find("href=\"", i + 1)) {
    const std::string_view url = std::string_view(html).substr(i + 6);
    if (url.substr(0, 7) != "http://" && url.substr(0, 8) != "https://" &&
        url.substr(0, 7) != "mailto:") {
      std::abort();
    }
  }
  return 0;
}
