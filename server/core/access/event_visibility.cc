#include "server/core/access/event_visibility.h"

namespace warroom::core {

bool MaySeeEvent(Role role, int64_t viewer_organisation,
                 std::optional<int64_t> event_organisation) {
  switch (role) {
    case Role::kWarroomAdmin:
    case Role::kWarroomAnalyst:
      return true;
    case Role::kObserver:
      return false;
    case Role::kSpoc:
    case Role::kMember:
    case Role::kProvider:
    case Role::kAuditor:
      // A provider hears its own organisation's events, not its customers': what it may
      // read of a customer it fetches, it is not told of changes live.
      return event_organisation.has_value() && *event_organisation == viewer_organisation;
  }
  return false;
}

bool MaySeeEvent(Role role, int64_t viewer_organisation, std::optional<int64_t> event_organisation,
                 std::string_view topic) {
  if (topic.starts_with("incident.") && role != Role::kWarroomAdmin &&
      role != Role::kWarroomAnalyst && role != Role::kSpoc && role != Role::kMember) {
    return false;
  }
  return MaySeeEvent(role, viewer_organisation, event_organisation);
}

}  // namespace warroom::core
