// GET /api/events over real HTTP, on both engines: a client that disconnects and comes
// back with Last-Event-ID gets exactly the events it missed; each caller hears only what
// core::MaySeeEvent lets it (a SPOC her own organisation's, the war room everything, an
// observer is refused the stream); a malformed resume point is a 400.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/storage/repositories/event_store.h"
#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;
using namespace std::chrono_literals;

struct Event {
  std::string id;
  std::string event;
  std::string data;
};

// The events in a text/event-stream body (comments skipped; one data line each, as the
// server writes JSON on one line).
std::vector<Event> ParseEvents(const std::string& body) {
  std::vector<Event> out;
  Event current;
  bool any = false;
  size_t start = 0;
  while (start < body.size()) {
    const size_t end = body.find('\n', start);
    if (end == std::string::npos) break;  // an unfinished line
    const std::string line = body.substr(start, end - start);
    start = end + 1;
    if (line.empty()) {
      if (any) out.push_back(current);
      current = {};
      any = false;
      continue;
    }
    if (line[0] == ':') continue;
    const size_t colon = line.find(": ");
    if (colon == std::string::npos) continue;
    const std::string name = line.substr(0, colon);
    const std::string value = line.substr(colon + 2);
    any = true;
    if (name == "id") current.id = value;
    if (name == "event") current.event = value;
    if (name == "data") current.data = value;
  }
  return out;
}

bool HasEventWithId(const HttpResponse& r, int64_t id) {
  for (const auto& e : ParseEvents(r.body)) {
    if (e.id == std::to_string(id)) return true;
  }
  return false;
}

std::vector<std::string> Ids(const HttpResponse& r) {
  std::vector<std::string> ids;
  for (const auto& e : ParseEvents(r.body)) ids.push_back(e.id);
  return ids;
}

class ApiEventsTest : public ApiTest {
 protected:
  // Publishes as a change would (in a write transaction, then Notify) and returns its id.
  int64_t Publish(const std::string& topic, std::optional<int64_t> org,
                  const std::string& payload = "{}") {
    int64_t id = 0;
    const Status s = server().db().Write([&](ports::Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(storage::PublishEvent(tx, {topic, org, payload}, 1000));
      WR_ASSIGN_OR_RETURN(auto head, storage::EventStore(tx).Head());
      id = head.last_id;
      return Ok();
    });
    EXPECT_TRUE(s) << s.error().message;
    server().ctx().events->Notify();
    return id;
  }
};

bool Connected(const HttpResponse& r) { return r.body.find(": connected\n") != std::string::npos; }

TEST_P(ApiEventsTest, AClientThatComesBackWithLastEventIdGetsExactlyWhatItMissed) {
  TestServer& s = server();
  HttpClient& analyst = *s.As(Role::kWarroomAnalyst, s.WarRoomId()).client;
  const int64_t a = s.OrgId("99001");

  // First connection: hears one event, then hangs up.
  std::atomic<bool> connected{false};
  std::atomic<int64_t> first_id{-1};
  HttpResponse first;
  std::thread reader([&] {
    first = analyst.ReadStream(
        "/api/events", {},
        [&](const HttpResponse& r) {
          if (Connected(r)) connected = true;
          return first_id >= 0 && HasEventWithId(r, first_id);
        },
        10s);
  });
  for (int i = 0; i < 500 && !connected; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(connected) << "the stream did not open";
  first_id = Publish("test.before", std::nullopt, R"({"n":0})");
  reader.join();
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Header("content-type").rfind("text/event-stream", 0), 0u);
  const auto heard = ParseEvents(first.body);
  ASSERT_EQ(heard.size(), 1u) << first.body;
  EXPECT_EQ(heard[0].id, std::to_string(first_id));
  EXPECT_EQ(heard[0].event, "test.before");
  EXPECT_EQ(heard[0].data, R"({"n":0})");

  // Away: three events happen.
  const int64_t m1 = Publish("test.missed", a, R"({"n":1})");
  const int64_t m2 = Publish("test.missed", std::nullopt, R"({"n":2})");
  const int64_t m3 = Publish("test.missed", s.OrgId("99002"), R"({"n":3})");

  // Back, as the browser does it: Last-Event-ID. Then one live event.
  std::atomic<int64_t> live_id{-1};
  HttpResponse second;
  connected = false;
  std::thread again([&] {
    second = analyst.ReadStream(
        "/api/events", {{"Last-Event-ID", std::to_string(first_id)}},
        [&](const HttpResponse& r) {
          if (Connected(r)) connected = true;
          return live_id >= 0 && HasEventWithId(r, live_id);
        },
        10s);
  });
  for (int i = 0; i < 500 && !connected; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(connected);
  live_id = Publish("test.live", std::nullopt, R"({"n":4})");
  again.join();
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(Ids(second), (std::vector<std::string>{std::to_string(m1), std::to_string(m2),
                                                   std::to_string(m3), std::to_string(live_id)}))
      << second.body;
  const auto replayed = ParseEvents(second.body);
  ASSERT_EQ(replayed.size(), 4u);
  EXPECT_EQ(replayed[0].data, R"({"n":1})");
  EXPECT_EQ(replayed[2].data, R"({"n":3})");
  EXPECT_EQ(replayed[3].event, "test.live");

  // The first connect of a page may give the id as ?last_event_id= instead.
  const auto by_query = analyst.ReadStream(
      "/api/events?last_event_id=" + std::to_string(m2), {},
      [&](const HttpResponse& r) { return HasEventWithId(r, live_id); }, 10s);
  EXPECT_EQ(Ids(by_query), (std::vector<std::string>{std::to_string(m3), std::to_string(live_id)}));
}

TEST_P(ApiEventsTest, EachCallerHearsOnlyTheEventsItMaySee) {
  TestServer& s = server();
  const int64_t a = s.OrgId("99001");
  const int64_t b = s.OrgId("99002");
  struct Listener {
    explicit Listener(HttpClient* c) : client(c) {}
    HttpClient* client;
    std::atomic<bool> connected{false};
    HttpResponse response;
    std::thread thread;
  };
  Listener analyst{s.As(Role::kWarroomAnalyst, s.WarRoomId()).client.get()};
  Listener spoc_a{s.As(Role::kSpoc, a).client.get()};
  Listener member_b{s.As(Role::kMember, b).client.get()};
  std::atomic<int64_t> last{-1};
  // Each reads until the last event is fanned out, and a little longer: anything sent
  // to it that it should not get would have arrived by then.
  std::atomic<bool> all_sent{false};
  for (Listener* l : {&analyst, &spoc_a, &member_b}) {
    l->thread = std::thread([&, l] {
      std::optional<std::chrono::steady_clock::time_point> since;
      l->response = l->client->ReadStream(
          "/api/events", {},
          [&](const HttpResponse& r) {
            if (Connected(r)) l->connected = true;
            if (!all_sent) return false;
            if (!since) since = std::chrono::steady_clock::now();
            return std::chrono::steady_clock::now() - *since > 500ms;
          },
          15s);
    });
  }
  for (int i = 0; i < 500 && !(analyst.connected && spoc_a.connected && member_b.connected); ++i) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(analyst.connected && spoc_a.connected && member_b.connected);
  const int64_t ea = Publish("test.filter", a, R"({"org":"a"})");
  const int64_t eb = Publish("test.filter", b, R"({"org":"b"})");
  const int64_t ew = Publish("test.filter", std::nullopt, R"({"org":null})");
  last = ew;
  for (int i = 0; i < 500 && s.ctx().events->position() < last; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  all_sent = true;
  for (Listener* l : {&analyst, &spoc_a, &member_b}) l->thread.join();
  EXPECT_EQ(Ids(analyst.response),
            (std::vector<std::string>{std::to_string(ea), std::to_string(eb), std::to_string(ew)}))
      << analyst.response.body;
  EXPECT_EQ(Ids(spoc_a.response), (std::vector<std::string>{std::to_string(ea)}))
      << "a SPOC of A never gets B's or the war room's events: " << spoc_a.response.body;
  EXPECT_EQ(Ids(member_b.response), (std::vector<std::string>{std::to_string(eb)}))
      << member_b.response.body;

  // An observer sees aggregates only: no stream at all.
  const auto observer = s.As(Role::kObserver, s.WarRoomId()).client->Get("/api/events");
  EXPECT_EQ(observer.status, 403);
  EXPECT_EQ(observer.Json()["code"], "role_not_permitted");
}

TEST_P(ApiEventsTest, AMalformedResumePointIsRefused) {
  TestServer& s = server();
  HttpClient& analyst = *s.As(Role::kWarroomAnalyst, s.WarRoomId()).client;
  const auto header = analyst.Send("GET", "/api/events", "", {{"Last-Event-ID", "12abc"}});
  EXPECT_EQ(header.status, 400) << header.body;
  const auto query = analyst.Get("/api/events?last_event_id=-1");
  EXPECT_EQ(query.status, 400) << query.body;
}

}  // namespace

WR_API_INSTANTIATE(ApiEventsTest);

}  // namespace warroom::apitest
