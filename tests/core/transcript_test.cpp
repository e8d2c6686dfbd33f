// The transcript generator (core/transcript.h): a pure function of its seed and the duration;
// words in time order within the duration; paragraphs that cover the words; speakers and
// markers as its header promises.
#include <catch2/catch.hpp>

#include <cctype>
#include <set>

#include "core/transcript.h"
#include "descript_mock/random.h"

using namespace descript_mock;

namespace {

bool same(const Transcript &a, const Transcript &b) {
  if (a.speakers != b.speakers || a.words.size() != b.words.size() ||
      a.paragraphs.size() != b.paragraphs.size() || a.markers.size() != b.markers.size())
    return false;
  for (std::size_t i = 0; i < a.words.size(); ++i) {
    const auto &x = a.words[i], &y = b.words[i];
    if (x.start_ms != y.start_ms || x.end_ms != y.end_ms || x.piece != y.piece ||
        x.starts_sentence != y.starts_sentence || x.end != y.end)
      return false;
  }
  for (std::size_t i = 0; i < a.paragraphs.size(); ++i) {
    const auto &x = a.paragraphs[i], &y = b.paragraphs[i];
    if (x.first_word != y.first_word || x.end_word != y.end_word || x.speaker != y.speaker)
      return false;
  }
  for (std::size_t i = 0; i < a.markers.size(); ++i) {
    const auto &x = a.markers[i], &y = b.markers[i];
    if (x.paragraph != y.paragraph || x.at_ms != y.at_ms || x.name != y.name) return false;
  }
  return true;
}

std::string text_of(const Transcript &t) {
  std::string text;
  for (const auto &w : t.words) {
    if (!text.empty()) text += ' ';
    append_spoken(text, w);
  }
  return text;
}

const Uuid composition{0x39677a401c434c36ull, 0x844949fcf6be2b5ull};

} // namespace

TEST_CASE("A transcript is a function of its seed and duration alone", "[core][transcript]") {
  const auto seed = transcript_seed(default_seed, composition);
  CHECK(seed == transcript_seed(default_seed, composition));
  CHECK(seed != transcript_seed(default_seed + 1, composition));
  CHECK(seed != transcript_seed(default_seed, Uuid{composition.hi, composition.lo + 1}));

  const Transcript a = make_transcript(seed, 600);
  CHECK(same(a, make_transcript(seed, 600)));
  CHECK_FALSE(same(a, make_transcript(seed + 1, 600)));
  // A longer composition says the same, then more.
  const Transcript longer = make_transcript(seed, 900);
  REQUIRE(longer.words.size() > a.words.size());
  CHECK(text_of(longer).starts_with(text_of(a).substr(0, 1000)));
}

TEST_CASE("Words are timed in order within the composition's duration", "[core][transcript]") {
  for (const double seconds : {0.0, -5.0, 0.3, 12.5, 600.0, 7200.0}) {
    INFO(seconds);
    const Transcript t = make_transcript(transcript_seed(7, composition), seconds);
    if (seconds < 1) {
      CHECK(t.words.empty());
      CHECK(t.paragraphs.empty());
      CHECK(t.markers.empty());
      continue;
    }
    REQUIRE_FALSE(t.words.empty());
    std::uint32_t previous_end = 0;
    for (const auto &w : t.words) {
      CHECK(w.start_ms >= previous_end);
      CHECK(w.end_ms > w.start_ms);
      previous_end = w.end_ms;
    }
    CHECK(previous_end <= seconds * 1000);
    // The speech runs to the end: no more than a pause and a word short of it.
    CHECK(previous_end + 4000 >= seconds * 1000);
    if (seconds >= 600) {
      const double per_minute = double(t.words.size()) / (seconds / 60);
      CHECK(per_minute > 110);
      CHECK(per_minute < 180);
    }
  }
  // Past a day the transcript stops: an export stays a few megabytes.
  const Transcript day = make_transcript(1, 3 * max_transcript_seconds);
  CHECK(day.words.back().end_ms <= max_transcript_seconds * 1000);
  CHECK(day.words.back().end_ms + 4000 >= max_transcript_seconds * 1000);
}

TEST_CASE("Paragraphs cover the words, and speakers change at most of them", "[core][transcript]") {
  std::set<std::size_t> speaker_counts;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const Transcript t = make_transcript(seed, 1200);
    INFO(seed);
    REQUIRE(t.speakers.size() >= 1);
    REQUIRE(t.speakers.size() <= 4);
    speaker_counts.insert(t.speakers.size());
    CHECK(t.speakers.front() == "Speaker 1");
    REQUIRE_FALSE(t.paragraphs.empty());
    CHECK(t.paragraphs.front().first_word == 0);
    CHECK(t.paragraphs.front().speaker == 0);
    CHECK(t.paragraphs.back().end_word == t.words.size());
    std::size_t changes = 0;
    for (std::size_t p = 0; p < t.paragraphs.size(); ++p) {
      const auto &paragraph = t.paragraphs[p];
      CHECK(paragraph.end_word > paragraph.first_word);
      CHECK(paragraph.speaker < t.speakers.size());
      CHECK(t.words[paragraph.first_word].starts_sentence);
      if (p > 0) {
        CHECK(paragraph.first_word == t.paragraphs[p - 1].end_word);
        changes += paragraph.speaker != t.paragraphs[p - 1].speaker;
      }
      // A paragraph ends a sentence, unless the composition ends first.
      if (p + 1 < t.paragraphs.size()) {
        const WordEnd end = t.words[paragraph.end_word - 1].end;
        CHECK((end == WordEnd::period || end == WordEnd::question));
      }
    }
    if (t.speakers.size() == 1) CHECK(changes == 0);
    if (t.speakers.size() > 1) {
      CHECK(changes > t.paragraphs.size() / 3);
      CHECK(changes < t.paragraphs.size() - 1);
    }
  }
  CHECK(speaker_counts == std::set<std::size_t>{1, 2, 3, 4});
}

TEST_CASE("Markers stand at paragraphs, two to seven minutes apart", "[core][transcript]") {
  const Transcript t = make_transcript(transcript_seed(3, composition), 7200);
  REQUIRE(t.markers.size() >= 12);
  CHECK(t.markers.size() <= 2 * 60 / 2 + 1);
  std::uint32_t previous_at = 0, previous_paragraph = 0;
  for (std::size_t m = 0; m < t.markers.size(); ++m) {
    const auto &marker = t.markers[m];
    REQUIRE(marker.paragraph < t.paragraphs.size());
    CHECK(marker.at_ms == t.words[t.paragraphs[marker.paragraph].first_word].start_ms);
    CHECK_FALSE(marker.name.empty());
    if (m > 0) {
      CHECK(marker.paragraph > previous_paragraph);
      CHECK(marker.at_ms - previous_at >= 120'000);
    }
    previous_at = marker.at_ms;
    previous_paragraph = marker.paragraph;
  }
  CHECK(make_transcript(1, 20).markers.empty()); // the first comes after half a minute at least
}

TEST_CASE("A word is written capitalised at a sentence's start, with its punctuation",
          "[core][transcript]") {
  const Transcript t = make_transcript(5, 300);
  const std::string text = text_of(t);
  CHECK(text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ' ,.?") ==
        std::string::npos);
  for (const auto &w : t.words) {
    std::string one;
    append_spoken(one, w);
    CHECK((w.starts_sentence ? std::isupper(one[0]) : std::islower(one[0])));
    const char last = one.back();
    switch (w.end) {
    case WordEnd::none: CHECK(std::isalpha(last)); break;
    case WordEnd::comma: CHECK(last == ','); break;
    case WordEnd::period: CHECK(last == '.'); break;
    case WordEnd::question: CHECK(last == '?'); break;
    }
  }
}
