// A composition's transcript as the mock makes one up: speakers, paragraphs of timed words
// and markers over the composition's duration, drawn from a seed of its own. A pure
// function of that seed and the duration: no clock, no simulation, no file formats (those
// are the API's, api/transcript_formats.h). Nothing is stored: an export draws it again.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/uuid.h"

namespace descript_mock {

// The most of a composition a transcript covers (a composition may be 1,000 clips of a day
// each): beyond it the transcript is silence, so that an export stays a few megabytes.
inline constexpr double max_transcript_seconds = 24 * 3600;

// What follows a word: nothing, or the punctuation that ends a clause or a sentence.
enum class WordEnd : std::uint8_t { none, comma, period, question };

struct TranscriptWord {
  std::uint32_t start_ms = 0;
  std::uint32_t end_ms = 0;
  std::uint16_t piece = 0;      // which word of the mock's vocabulary
  bool starts_sentence = false; // written with a capital
  WordEnd end = WordEnd::none;
};

// The word as written: capitalised at a sentence's start, with its punctuation. Only ASCII
// letters, apostrophes, ',', '.' and '?': nothing any format has to escape.
void append_spoken(std::string &out, const TranscriptWord &word);

struct TranscriptParagraph {
  std::uint32_t first_word = 0;
  std::uint32_t end_word = 0; // one past its last word; a paragraph has at least one
  std::uint8_t speaker = 0;   // index into Transcript::speakers
};

// A marker stands at the start of a paragraph, at that paragraph's first word.
struct TranscriptMarker {
  std::uint32_t paragraph = 0;
  std::uint32_t at_ms = 0;
  std::string_view name; // ASCII, such as "Q&A" (a format escapes it as it must)
};

struct Transcript {
  std::vector<std::string> speakers; // "Speaker 1", "Speaker 2", ...: 1 to 4 of them
  std::vector<TranscriptWord> words; // in time order, none overlapping
  std::vector<TranscriptParagraph> paragraphs;
  std::vector<TranscriptMarker> markers; // in time order, at most one per paragraph
};

// A composition's transcript seed: a function of the mock's seed and the composition alone,
// so that exporting draws nothing from the simulation's sequence and changes no later id.
std::uint64_t transcript_seed(std::uint64_t mock_seed, const Uuid &composition_id);

// `duration_seconds` of speech (at most max_transcript_seconds; none for 0 or less): about
// 140 words a minute in sentences of a few phrases, paragraphs of one to five sentences,
// the speaker changing at most paragraphs, and a marker every two to seven minutes.
Transcript make_transcript(std::uint64_t seed, double duration_seconds);

// What search matches transcripts with: a phrase of lower-case words separated by single
// spaces, found in a transcript's words whatever their case and punctuation. The first word
// may be the end of a spoken word and the last its start, as a text search finds them.
// could_be_said() answers without a transcript, from the vocabulary alone, so that a search
// for words no transcript can hold makes none.
bool could_be_said(std::string_view phrase);
bool says(const Transcript &transcript, std::string_view phrase);

} // namespace descript_mock
