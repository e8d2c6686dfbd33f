// The transcript export's six files: a Transcript (core/transcript.h) written as plain text,
// Markdown, HTML, RTF, DOCX or SRT, with the speaker labels, markers and timecodes a request
// asks for. What was said is the core's; which bytes a client receives for it is the API's,
// as JSON is (json_mapping.h), so the formats live here, beside it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/transcript.h"
#include "descript_common/names.h"

namespace descript_mock {

enum class TranscriptFormat : std::uint8_t { txt, markdown, html, rtf, docx, srt };
inline constexpr descript_common::Names<TranscriptFormat, 6> transcript_format_names{
    {{TranscriptFormat::txt, "txt"},
     {TranscriptFormat::markdown, "markdown"},
     {TranscriptFormat::html, "html"},
     {TranscriptFormat::rtf, "rtf"},
     {TranscriptFormat::docx, "docx"},
     {TranscriptFormat::srt, "srt"}}};

enum class SpeakerLabels : std::uint8_t { off, changes, every_paragraph };
inline constexpr descript_common::Names<SpeakerLabels, 3> speaker_labels_names{
    {{SpeakerLabels::off, "off"},
     {SpeakerLabels::changes, "changes"},
     {SpeakerLabels::every_paragraph, "every_paragraph"}}};

// Where timecodes go. A request that gives `timecodes` at all wants them: with none of
// frequency_seconds, on_markers and on_speakers, they go at paragraphs.
struct Timecodes {
  std::optional<double> frequency_seconds{}; // at the first word after every so many seconds
  double offset_seconds = 0;                 // added to every time shown (SRT's cue times too)
  bool on_markers = false;
  bool on_paragraphs = false;
  bool on_speakers = false;
};

struct TranscriptOptions {
  TranscriptFormat format = TranscriptFormat::txt;
  SpeakerLabels speaker_labels = SpeakerLabels::changes;
  bool include_markers = false;
  std::optional<Timecodes> timecodes{};
};

struct TranscriptFile {
  std::string_view content_type;
  std::string_view extension; // of its file name, without the dot
  std::string body;
};

// `title` (the composition's name, any UTF-8) is the HTML, RTF and DOCX documents' title;
// the text formats carry none. SRT has no place for markers: its cues are timed by
// themselves, so of `timecodes` only the offset applies to it.
TranscriptFile write_transcript(const Transcript &transcript, const TranscriptOptions &options,
                                std::string_view title);

// The subtitles of a published page: WebVTT cues as the SRT export times them, without
// speaker labels.
std::string write_vtt(const Transcript &transcript);

} // namespace descript_mock
