#include "server/core/advisory/markdown.h"

#include <cmark.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace warroom::core::advisory {
namespace {

struct NodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeFree>;

struct IterFree {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};
using IterPtr = std::unique_ptr<cmark_iter, IterFree>;

// Nesting deeper than this (quotes in quotes in lists...) is flattened in the text
// rendering, so that prefixes cannot make its cost quadratic in the input.
constexpr size_t kMaxTextNesting = 16;

std::string_view Literal(cmark_node* node) {
  const char* s = cmark_node_get_literal(node);
  return s == nullptr ? std::string_view() : std::string_view(s);
}

std::string_view Url(cmark_node* node) {
  const char* s = cmark_node_get_url(node);
  return s == nullptr ? std::string_view() : std::string_view(s);
}

// Moves the children of `node` before it and frees it: the link is gone, its text stays.
void Unwrap(cmark_node* node) {
  while (cmark_node* child = cmark_node_first_child(node)) {
    cmark_node_insert_before(node, child);
  }
  cmark_node_free(node);  // also unlinks it
}

// Replaces `node` with a new node of `type` carrying `literal`.
void ReplaceWithLiteral(cmark_node* node, cmark_node_type type, std::string_view literal) {
  cmark_node* replacement = cmark_node_new(type);
  const std::string text(literal);
  cmark_node_set_literal(replacement, text.c_str());
  cmark_node_replace(node, replacement);
  cmark_node_free(node);
}

bool InsideLink(cmark_node* node) {
  for (cmark_node* p = cmark_node_parent(node); p != nullptr; p = cmark_node_parent(p)) {
    if (cmark_node_get_type(p) == CMARK_NODE_LINK) {
      return true;
    }
  }
  return false;
}

// Rewrites the tree as markdown.h describes: raw HTML becomes text, unsafe links lose the
// link, images become links. The tree is changed only after the walk, as cmark requires;
// containers are collected at their exit, so an image inside a link is seen before the
// link and is unwrapped (a link inside a link is not valid HTML).
void Sanitize(cmark_node* root) {
  std::vector<cmark_node*> pending;
  {
    IterPtr iter(cmark_iter_new(root));
    cmark_event_type event;
    while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
      cmark_node* node = cmark_iter_get_node(iter.get());
      switch (cmark_node_get_type(node)) {
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
        case CMARK_NODE_CUSTOM_BLOCK:
        case CMARK_NODE_CUSTOM_INLINE:
          pending.push_back(node);
          break;
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
          if (event == CMARK_EVENT_EXIT) {
            pending.push_back(node);
          }
          break;
        default:
          break;
      }
    }
  }
  for (cmark_node* node : pending) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_CUSTOM_BLOCK:
        ReplaceWithLiteral(node, CMARK_NODE_CODE_BLOCK, Literal(node));
        break;
      case CMARK_NODE_HTML_INLINE:
      case CMARK_NODE_CUSTOM_INLINE:
        ReplaceWithLiteral(node, CMARK_NODE_TEXT, Literal(node));
        break;
      case CMARK_NODE_LINK:
        if (!IsSafeLinkUrl(Url(node))) {
          Unwrap(node);
        }
        break;
      case CMARK_NODE_IMAGE:
        if (IsSafeLinkUrl(Url(node)) && !InsideLink(node)) {
          cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
          cmark_node_set_url(link, cmark_node_get_url(node));
          cmark_node_set_title(link, cmark_node_get_title(node));
          cmark_node_insert_before(node, link);
          while (cmark_node* child = cmark_node_first_child(node)) {
            cmark_node_append_child(link, child);
          }
          cmark_node_free(node);
        } else {
          Unwrap(node);
        }
        break;
      default:
        break;
    }
  }
}

NodePtr ParseSafe(std::string_view markdown) {
  NodePtr root(cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_VALIDATE_UTF8));
  Sanitize(root.get());
  return root;
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      out += separator;
    }
    out += parts[i];
  }
  return out;
}

// Prefixes the first line of `text` with `first` and the others with `rest`; an empty
// line gets the prefix without its trailing spaces.
std::string PrefixLines(std::string_view text, std::string_view first, std::string_view rest) {
  std::string out;
  size_t start = 0;
  bool first_line = true;
  while (true) {
    const size_t end = text.find('\n', start);
    const std::string_view line =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::string_view prefix = first_line ? first : rest;
    if (line.empty()) {
      while (!prefix.empty() && prefix.back() == ' ') {
        prefix.remove_suffix(1);
      }
    }
    out += prefix;
    out += line;
    if (end == std::string_view::npos) {
      break;
    }
    out += '\n';
    start = end + 1;
    first_line = false;
  }
  return out;
}

// One open block of the text rendering: inline text (paragraphs, headings) or finished
// child blocks (the document, quotes, lists, items).
struct Frame {
  cmark_node* node;
  std::string inlines;
  std::vector<std::string> blocks;
};

bool IsTight(cmark_node* list) {
  return list != nullptr && cmark_node_get_type(list) == CMARK_NODE_LIST &&
         cmark_node_get_list_tight(list) != 0;
}

std::string ItemMarker(cmark_node* list, size_t index) {
  if (list == nullptr || cmark_node_get_list_type(list) != CMARK_ORDERED_LIST) {
    return "- ";
  }
  const long number = static_cast<long>(cmark_node_get_list_start(list)) + static_cast<long>(index);
  return std::to_string(number) +
         (cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ") " : ". ");
}

// Returns the finished text of a container block from its child blocks.
std::string FinishContainer(cmark_node* node, const std::vector<std::string>& blocks,
                            size_t index_in_parent) {
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_BLOCK_QUOTE:
      return PrefixLines(Join(blocks, "\n\n"), "> ", "> ");
    case CMARK_NODE_LIST:
      return Join(blocks, IsTight(node) ? "\n" : "\n\n");
    case CMARK_NODE_ITEM: {
      cmark_node* list = cmark_node_parent(node);
      const std::string marker = ItemMarker(list, index_in_parent);
      return PrefixLines(Join(blocks, IsTight(list) ? "\n" : "\n\n"), marker,
                         std::string(marker.size(), ' '));
    }
    default:
      return Join(blocks, "\n\n");
  }
}

std::string CodeBlockText(std::string_view literal) {
  while (!literal.empty() && literal.back() == '\n') {
    literal.remove_suffix(1);
  }
  return PrefixLines(literal, "    ", "    ");
}

}  // namespace

bool IsSafeLinkUrl(std::string_view url) {
  const size_t colon = url.find(':');
  if (colon == std::string_view::npos) {
    return false;
  }
  std::string scheme;
  for (char c : url.substr(0, colon)) {
    scheme += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (scheme == "mailto") {
    return colon + 1 < url.size();
  }
  // "http:foo" would be read relative to the page by some clients: require "//host".
  return (scheme == "http" || scheme == "https") && url.substr(colon + 1, 2) == "//" &&
         colon + 3 < url.size();
}

std::string MarkdownToHtml(std::string_view markdown) {
  const NodePtr root = ParseSafe(markdown);
  char* html = cmark_render_html(root.get(), CMARK_OPT_DEFAULT);
  std::string out(html == nullptr ? "" : html);
  cmark_get_default_mem_allocator()->free(html);
  return out;
}

std::string MarkdownToText(std::string_view markdown) {
  const NodePtr root = ParseSafe(markdown);
  std::vector<Frame> frames;
  std::vector<size_t> link_starts;  // where each open link's text begins in the inlines
  std::string result;
  IterPtr iter(cmark_iter_new(root.get()));
  cmark_event_type event;
  while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    const cmark_node_type type = cmark_node_get_type(node);
    const bool enter = event == CMARK_EVENT_ENTER;
    switch (type) {
      case CMARK_NODE_DOCUMENT:
      case CMARK_NODE_BLOCK_QUOTE:
      case CMARK_NODE_LIST:
      case CMARK_NODE_ITEM:
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING: {
        const bool leaf_block = type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING;
        if (enter) {
          if (leaf_block || frames.size() < kMaxTextNesting || type == CMARK_NODE_DOCUMENT) {
            frames.push_back(Frame{node, {}, {}});
          }
          break;
        }
        if (frames.empty() || frames.back().node != node) {
          break;  // flattened: its blocks went to the enclosing frame
        }
        Frame done = std::move(frames.back());
        frames.pop_back();
        if (frames.empty()) {
          result = Join(done.blocks, "\n\n");
          break;
        }
        Frame& parent = frames.back();
        parent.blocks.push_back(leaf_block
                                    ? std::move(done.inlines)
                                    : FinishContainer(node, done.blocks, parent.blocks.size()));
        break;
      }
      case CMARK_NODE_CODE_BLOCK:
      case CMARK_NODE_HTML_BLOCK:
        if (!frames.empty()) {
          frames.back().blocks.push_back(CodeBlockText(Literal(node)));
        }
        break;
      case CMARK_NODE_THEMATIC_BREAK:
        if (!frames.empty()) {
          frames.back().blocks.emplace_back("----------");
        }
        break;
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_HTML_INLINE:
        if (!frames.empty()) {
          frames.back().inlines += Literal(node);
        }
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        if (!frames.empty()) {
          frames.back().inlines += '\n';
        }
        break;
      case CMARK_NODE_LINK:
        if (frames.empty()) {
          break;
        }
        if (enter) {
          link_starts.push_back(frames.back().inlines.size());
        } else if (!link_starts.empty()) {
          std::string& inlines = frames.back().inlines;
          const std::string_view url = Url(node);
          const std::string_view text = std::string_view(inlines).substr(link_starts.back());
          link_starts.pop_back();
          // An autolink's text is its address: say it once.
          if (text != url && "mailto:" + std::string(text) != url) {
            inlines += " <";
            inlines += url;
            inlines += '>';
          }
        }
        break;
      default:
        break;
    }
  }
  if (!result.empty()) {
    result += '\n';
  }
  return result;
}

}  // namespace warroom::core::advisory
