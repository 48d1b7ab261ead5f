#include "server/core/advisory/language.h"

#include <gtest/gtest.h>

#include <vector>

namespace warroom::core::advisory {
namespace {

using L = Language;

TEST(PickLanguageTest, PreferredVersionWhenItExists) {
  const std::vector<L> all = {L::kNl, L::kFr, L::kEn};
  EXPECT_EQ(PickLanguage(L::kFr, all), L::kFr);
  EXPECT_EQ(PickLanguage(L::kEn, all), L::kEn);
  EXPECT_EQ(PickLanguage(L::kNl, all), L::kNl);
}

TEST(PickLanguageTest, FallsBackToDutch) {
  const std::vector<L> fr_nl = {L::kFr, L::kNl};
  EXPECT_EQ(PickLanguage(L::kEn, fr_nl), L::kNl);
  EXPECT_EQ(PickLanguage(L::kDe, fr_nl), L::kNl);
  EXPECT_EQ(PickLanguage(std::nullopt, fr_nl), L::kNl);
}

TEST(PickLanguageTest, ThenToAnyVersionPresentInAFixedOrder) {
  const std::vector<L> en_fr = {L::kEn, L::kFr};
  EXPECT_EQ(PickLanguage(L::kDe, en_fr), L::kFr);
  EXPECT_EQ(PickLanguage(L::kNl, en_fr), L::kFr);
  EXPECT_EQ(PickLanguage(std::nullopt, std::vector<L>{L::kDe}), L::kDe);
  EXPECT_EQ(PickLanguage(L::kFr, std::vector<L>{L::kDe, L::kEn}), L::kEn);
}

TEST(PickLanguageTest, NothingWhenNoVersionExists) {
  EXPECT_EQ(PickLanguage(L::kNl, std::vector<L>{}), std::nullopt);
  EXPECT_EQ(PickLanguage(std::nullopt, std::vector<L>{}), std::nullopt);
}

}  // namespace
}  // namespace warroom::core::advisory
