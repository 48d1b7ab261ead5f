// The Markdown of advisory bodies (CommonMark, rendered with libcmark), made safe for the
// web app and for e-mail: raw HTML never passes through as HTML, and links go only to
// http, https and mailto addresses.
//
// What happens to the risky parts, in both renderings:
//   - raw HTML (a <script> block, an inline <img onerror=...>) is shown as its literal
//     text, escaped in HTML: an advisory that quotes a payload shows the payload;
//   - a link whose address is not absolute http(s) or mailto (javascript:, data:,
//     vbscript:, file:, relative) keeps its text and loses the link;
//   - an image becomes a link to the image (same rule), so that a mail never loads a
//     remote picture on opening (a tracking pixel) and the app shows the same thing.
// On top of this the HTML is rendered in cmark's safe mode (no CMARK_OPT_UNSAFE; Debian's
// cmark 0.30 has no separate CMARK_OPT_SAFE behaviour: safe is the default), and invalid
// UTF-8 is replaced with U+FFFD. Neither function fails; callers bound the input size.
#pragma once

#include <string>
#include <string_view>

namespace warroom::core::advisory {

// Returns `markdown` as an HTML fragment (block elements, no <html> or <body>).
std::string MarkdownToHtml(std::string_view markdown);

// Returns `markdown` as plain text for the text part of an e-mail: paragraphs separated by
// a blank line, list items as "- " or "1. ", quotes as "> ", code blocks indented by four
// spaces, a link as "text <address>". Ends with one line break unless empty.
std::string MarkdownToText(std::string_view markdown);

// Returns true when `url` may be a link target: absolute, with the scheme http, https or
// mailto (in any case).
bool IsSafeLinkUrl(std::string_view url);

}  // namespace warroom::core::advisory
