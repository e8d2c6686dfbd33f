#include "core/transcript.h"

#include <algorithm>
#include <array>

#include "descript_mock/random.h"

namespace descript_mock {

namespace {

// What the speakers say: phrases that read as speech when strung together, so that a
// transcript looks like one at a glance. Lower-case ASCII words and apostrophes only.
constexpr std::string_view phrases[] = {"so today we are talking about",
                                        "the thing is",
                                        "you know",
                                        "the new episode",
                                        "a lot of people",
                                        "when we started",
                                        "it turns out that",
                                        "the whole team",
                                        "on the other hand",
                                        "in the studio",
                                        "for the first time",
                                        "we tried something different",
                                        "and that was great",
                                        "the real question is",
                                        "how it actually works",
                                        "at the end of the day",
                                        "with our listeners",
                                        "this week",
                                        "last year",
                                        "the best part",
                                        "what happens next",
                                        "we should talk about",
                                        "the sound quality",
                                        "a few minutes",
                                        "in the morning",
                                        "the original idea",
                                        "every single time",
                                        "it makes sense",
                                        "more or less",
                                        "that's exactly right",
                                        "we'll get to that",
                                        "here's the thing",
                                        "let's be honest",
                                        "it's not easy",
                                        "the way you edit",
                                        "your first draft",
                                        "the rough cut",
                                        "a short clip",
                                        "behind the scenes",
                                        "the next step",
                                        "we recorded it twice",
                                        "most of the time",
                                        "right now",
                                        "to be fair",
                                        "the audience loves it",
                                        "that changed everything",
                                        "a good story",
                                        "the last question",
                                        "we learned a lot",
                                        "pretty much",
                                        "if you think about it",
                                        "the coffee was great",
                                        "a small detail",
                                        "in the end",
                                        "what do you think",
                                        "it depends",
                                        "the main reason",
                                        "that's a good point",
                                        "over the weekend",
                                        "the guest list"};
constexpr std::size_t phrase_count = std::size(phrases);

constexpr std::size_t count_pieces() {
  std::size_t n = 0;
  for (const auto phrase : phrases)
    n += 1 + std::size_t(std::count(phrase.begin(), phrase.end(), ' '));
  return n;
}

// The phrases cut into words once, at compile time: a word of a transcript is an index here.
struct Vocabulary {
  std::array<std::string_view, count_pieces()> pieces{};
  std::array<std::uint16_t, phrase_count + 1> phrase_start{}; // phrase p is [start[p], start[p+1])
};

constexpr Vocabulary cut_phrases() {
  Vocabulary v;
  std::size_t n = 0;
  for (std::size_t p = 0; p < phrase_count; ++p) {
    v.phrase_start[p] = std::uint16_t(n);
    std::string_view rest = phrases[p];
    for (auto space = rest.find(' '); space != std::string_view::npos; space = rest.find(' ')) {
      v.pieces[n++] = rest.substr(0, space);
      rest.remove_prefix(space + 1);
    }
    v.pieces[n++] = rest;
  }
  v.phrase_start[phrase_count] = std::uint16_t(n);
  return v;
}

constexpr Vocabulary vocabulary = cut_phrases();

// What append_spoken() promises the formats, checked by the compiler.
constexpr bool needs_no_escaping() {
  for (const auto piece : vocabulary.pieces) {
    if (piece.empty() || piece[0] < 'a' || piece[0] > 'z') return false;
    for (const char c : piece)
      if (!((c >= 'a' && c <= 'z') || c == '\'')) return false;
  }
  return true;
}
static_assert(needs_no_escaping(), "transcript words must be lower-case ASCII words");

constexpr std::string_view marker_names[] = {
    "Introduction", "Background", "Q&A",   "What's next", "Pros & cons",      "The main idea",
    "Examples",     "A story",    "Recap", "Numbers",     "Closing thoughts", "Questions"};

std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Speech timing, in milliseconds: a word lasts by its length; pauses grow at a clause's, a
// sentence's and a paragraph's end.
constexpr std::uint32_t word_base_ms = 90, word_per_letter_ms = 40, word_jitter_ms = 120;
constexpr std::uint32_t gap_min_ms = 30, gap_max_ms = 130;
constexpr std::uint32_t comma_min_ms = 150, comma_max_ms = 350;
constexpr std::uint32_t sentence_min_ms = 300, sentence_max_ms = 700;
constexpr std::uint32_t paragraph_min_ms = 600, paragraph_max_ms = 1600;
constexpr std::uint32_t first_marker_min_ms = 30'000, first_marker_max_ms = 180'000;
constexpr std::uint32_t marker_gap_min_ms = 120'000, marker_gap_max_ms = 420'000;

} // namespace

void append_spoken(std::string &out, const TranscriptWord &word) {
  const std::string_view text = vocabulary.pieces[word.piece];
  out += word.starts_sentence ? char(text[0] - 'a' + 'A') : text[0];
  out.append(text.substr(1));
  switch (word.end) {
  case WordEnd::none: break;
  case WordEnd::comma: out += ','; break;
  case WordEnd::period: out += '.'; break;
  case WordEnd::question: out += '?'; break;
  }
}

std::uint64_t transcript_seed(std::uint64_t mock_seed, const Uuid &composition_id) {
  return mix(mix(mix(mock_seed) ^ composition_id.hi) ^ composition_id.lo);
}

Transcript make_transcript(std::uint64_t seed, double duration_seconds) {
  Random rng(seed);
  Transcript t;
  const auto speakers = std::uint8_t(rng.uniform(1, 4));
  for (int s = 1; s <= speakers; ++s) t.speakers.push_back("Speaker " + std::to_string(s));

  const double seconds =
      duration_seconds > 0 ? std::min(duration_seconds, max_transcript_seconds) : 0;
  const auto end_ms = std::uint32_t(seconds * 1000);
  t.words.reserve(end_ms / 400 + 1);
  std::uint32_t at = std::uint32_t(rng.uniform(200, 1200));
  std::uint32_t marker_due = std::uint32_t(rng.uniform(first_marker_min_ms, first_marker_max_ms));
  std::uint8_t speaker = 0;
  // Paragraphs until a word no longer fits: the composition may end mid-sentence.
  for (bool room = true; room;) {
    TranscriptParagraph paragraph{std::uint32_t(t.words.size()), 0, speaker};
    const auto sentences = rng.uniform(1, 5);
    for (std::uint64_t s = 0; room && s < sentences; ++s) {
      bool starts_sentence = true;
      const auto parts = rng.uniform(1, 3);
      for (std::uint64_t k = 0; room && k < parts; ++k) {
        const auto p = rng.uniform(0, phrase_count - 1);
        for (auto piece = vocabulary.phrase_start[p]; piece < vocabulary.phrase_start[p + 1];
             ++piece) {
          const auto length = std::uint32_t(vocabulary.pieces[piece].size());
          const auto lasts = word_base_ms + word_per_letter_ms * length +
                             std::uint32_t(rng.uniform(0, word_jitter_ms));
          if (at + lasts > end_ms) {
            room = false;
            break;
          }
          t.words.push_back({at, at + lasts, piece, starts_sentence, WordEnd::none});
          starts_sentence = false;
          at += lasts + std::uint32_t(rng.uniform(gap_min_ms, gap_max_ms));
        }
        if (room && k + 1 < parts && rng.uniform(0, 2) == 0) {
          t.words.back().end = WordEnd::comma;
          at += std::uint32_t(rng.uniform(comma_min_ms, comma_max_ms));
        }
      }
      if (room) {
        t.words.back().end = rng.uniform(0, 5) == 0 ? WordEnd::question : WordEnd::period;
        at += std::uint32_t(rng.uniform(sentence_min_ms, sentence_max_ms));
      }
    }
    paragraph.end_word = std::uint32_t(t.words.size());
    if (paragraph.end_word == paragraph.first_word) break;
    const std::uint32_t starts_at = t.words[paragraph.first_word].start_ms;
    if (starts_at >= marker_due) {
      t.markers.push_back({std::uint32_t(t.paragraphs.size()), starts_at,
                           marker_names[rng.uniform(0, std::size(marker_names) - 1)]});
      marker_due = starts_at + std::uint32_t(rng.uniform(marker_gap_min_ms, marker_gap_max_ms));
    }
    t.paragraphs.push_back(paragraph);
    at += std::uint32_t(rng.uniform(paragraph_min_ms, paragraph_max_ms));
    if (speakers > 1 && rng.uniform(0, 9) < 7)
      speaker = std::uint8_t((speaker + rng.uniform(1, speakers - 1)) % speakers);
  }
  return t;
}

bool could_be_said(std::string_view phrase) {
  std::vector<std::string_view> words;
  for (auto space = phrase.find(' '); space != std::string_view::npos; space = phrase.find(' ')) {
    words.push_back(phrase.substr(0, space));
    phrase.remove_prefix(space + 1);
  }
  words.push_back(phrase);
  const auto some_piece = [](auto fits) {
    return std::any_of(vocabulary.pieces.begin(), vocabulary.pieces.end(), fits);
  };
  if (words.size() == 1)
    return !words[0].empty() &&
           some_piece([&](std::string_view p) { return p.find(words[0]) != p.npos; });
  for (std::size_t i = 1; i + 1 < words.size(); ++i)
    if (!some_piece([&](std::string_view p) { return p == words[i]; })) return false;
  return some_piece([&](std::string_view p) { return p.ends_with(words.front()); }) &&
         some_piece([&](std::string_view p) { return p.starts_with(words.back()); });
}

bool says(const Transcript &transcript, std::string_view phrase) {
  std::string text;
  text.reserve(transcript.words.size() * 6);
  for (const auto &word : transcript.words)
    text.append(text.empty() ? "" : " ").append(vocabulary.pieces[word.piece]);
  return !phrase.empty() && text.find(phrase) != std::string::npos;
}

} // namespace descript_mock
