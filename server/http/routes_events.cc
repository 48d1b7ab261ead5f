// GET /api/events: the live event stream (server-sent events). The route checks the
// caller and the resume point, then hands the stream to the event hub, which sends each
// event the caller may see (core::MaySeeEvent) until the stream closes.
#include <charconv>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "server/http/routes.h"
#include "server/http/sse.h"

namespace warroom::http {
namespace {

// The hub's view of an open response stream.
class ResponseStreamSink final : public ports::EventSink {
 public:
  explicit ResponseStreamSink(std::shared_ptr<ResponseStream> stream)
      : stream_(std::move(stream)) {}
  bool Send(std::string chunk) override { return stream_->Send(std::move(chunk)); }
  void Close() override { stream_->Close(); }

 private:
  std::shared_ptr<ResponseStream> stream_;
};

// Ties an open stream to its hub subscription. The server may run `closed` (its ticker,
// when the client left at once) while `opened` is still running on the worker.
struct Subscription {
  std::mutex mu;
  std::optional<uint64_t> id;
  bool closed = false;
};

std::optional<int64_t> ParseEventId(const std::string& text) {
  int64_t id = -1;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, id);
  if (ec != std::errc() || ptr != end || id < 0) return std::nullopt;
  return id;
}

// Where the client resumes: the browser's Last-Event-ID header on a reconnect, else
// ?last_event_id= (a page that kept the id of its first connect). Absent: the head.
Result<std::optional<int64_t>> ResumePoint(const Request& r) {
  if (auto header = r.Header("last-event-id"); header && !header->empty()) {
    auto id = ParseEventId(*header);
    if (!id) {
      return Error::Invalid("Last-Event-ID must be an event id",
                            {{"Last-Event-ID", 0, 0, "invalid", "not an event id"}});
    }
    return std::optional<int64_t>(*id);
  }
  if (auto query = r.Query("last_event_id")) {
    auto id = ParseEventId(*query);
    if (!id) {
      return Error::Invalid("last_event_id must be an event id",
                            {{"last_event_id", 0, 0, "invalid", "not an event id"}});
    }
    return std::optional<int64_t>(*id);
  }
  return std::optional<int64_t>();
}

}  // namespace

void RegisterEventRoutes(Router& router, const ApiDeps& deps) {
  router.Add({"GET", "/api/events", Access::kSignedIn, Permission{Resource::kEvent, Action::kRead},
              [&deps](const Request& r, const service::Caller* caller) {
                if (deps.events == nullptr) {
                  return Problem(Error::Unavailable("events_unavailable"));
                }
                auto resume = ResumePoint(r);
                if (!resume) return Problem(resume.error());
                delivery::EventHub* hub = deps.events;
                const delivery::EventViewer viewer{caller->principal.role,
                                                   caller->principal.organisation_id};
                auto subscription = std::make_shared<Subscription>();
                StreamCallbacks callbacks;
                callbacks.opened = [hub, viewer, resume = *resume,
                                    subscription](const std::shared_ptr<ResponseStream>& stream) {
                  {
                    std::lock_guard lock(subscription->mu);
                    if (subscription->closed) return;
                    subscription->id = hub->Subscribe(
                        viewer, std::make_shared<ResponseStreamSink>(stream), resume);
                  }
                  // A first chunk at once, so that the client and any proxy see the stream
                  // is live; sent after subscribing, so an event committed once the client
                  // has read it is never missed.
                  stream->Send(SseComment("connected"));
                };
                callbacks.closed = [hub, subscription] {
                  std::lock_guard lock(subscription->mu);
                  subscription->closed = true;
                  if (subscription->id) hub->Unsubscribe(*subscription->id);
                };
                return Response::Stream(std::move(callbacks));
              }});
}

}  // namespace warroom::http
