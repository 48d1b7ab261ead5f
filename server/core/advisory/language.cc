#include "server/core/advisory/language.h"

#include <algorithm>
#include <array>

namespace warroom::core::advisory {

std::optional<Language> PickLanguage(std::optional<Language> preferred,
                                     std::span<const Language> available) {
  const auto has = [&](Language l) {
    return std::find(available.begin(), available.end(), l) != available.end();
  };
  if (preferred && has(*preferred)) {
    return preferred;
  }
  // Dutch first (the war room's working language), then a fixed order, so that the same
  // advisory always falls back to the same version whatever order the caller lists.
  static constexpr std::array<Language, 4> kFallback = {Language::kNl, Language::kFr, Language::kEn,
                                                        Language::kDe};
  for (Language l : kFallback) {
    if (has(l)) {
      return l;
    }
  }
  return std::nullopt;
}

}  // namespace warroom::core::advisory
