#include "api/transcript_formats.h"

#include <cmath>

#include "api/zip.h"

namespace descript_mock {

namespace {

// SubRip's customary limits: two lines of at most 42 characters, on screen at most 7 s.
constexpr std::size_t srt_line_chars = 42;
constexpr std::uint32_t srt_cue_ms = 7000;
// A cue also ends with a sentence once it holds this much, rather than run into the next.
constexpr std::size_t srt_sentence_chars = 24;

void append_digits(std::string &out, std::uint64_t value, int width) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = char('0' + value % 10);
    value /= 10;
  } while (value != 0 || n < width);
  while (n > 0) out += digits[--n];
}

// HH:MM:SS (more digits past 99 hours).
void append_clock(std::string &out, std::uint64_t ms) {
  const std::uint64_t seconds = ms / 1000;
  append_digits(out, seconds / 3600, 2);
  out += ':';
  append_digits(out, seconds / 60 % 60, 2);
  out += ':';
  append_digits(out, seconds % 60, 2);
}

// A timecode as the text formats show it: [HH:MM:SS].
void append_timecode(std::string &out, std::uint64_t ms) {
  out += '[';
  append_clock(out, ms);
  out += ']';
}

// Text for XML and HTML: the markup characters as entities, without the characters
// XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF), line breaks as spaces (titles are one line).
void append_xml(std::string &out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\t':
    case '\n':
    case '\r': out += ' '; break;
    default:
      if (c < 0x20) break;
      if (c == 0xEF && i + 2 < text.size() && text[i + 1] == '\xBF' &&
          (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
        i += 2;
        break;
      }
      out += char(c);
    }
  }
}

void append_rtf_unicode(std::string &out, std::uint32_t unit) {
  out += "\\u";
  out += std::to_string(std::int16_t(std::uint16_t(unit))); // RTF's \uN is a signed 16-bit N
  out += '?';                                               // what a reader without Unicode shows
}

// Text for RTF: its three special characters escaped, anything beyond ASCII as \uN (in
// UTF-16 units), control characters dropped and line breaks as spaces.
void append_rtf(std::string &out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\\' || c == '{' || c == '}') out += '\\';
      if (c >= 0x20 && c != 0x7F) out += char(c);
      if (c == '\t' || c == '\n' || c == '\r') out += ' ';
      ++i;
      continue;
    }
    // UTF-8 (valid: every text here went through a JSON parser); a broken sequence is U+FFFD.
    const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    std::uint32_t code = length == 1 || i + length > text.size() ? 0xFFFD : c & (0x7F >> length);
    for (std::size_t k = 1; code != 0xFFFD && k < length; ++k)
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += length;
    if (code > 0xFFFF) {
      append_rtf_unicode(out, 0xD800 + ((code - 0x10000) >> 10));
      append_rtf_unicode(out, 0xDC00 + ((code - 0x10000) & 0x3FF));
    } else {
      append_rtf_unicode(out, code);
    }
  }
}

std::uint64_t offset_ms(const TranscriptOptions &options) {
  return options.timecodes ? std::uint64_t(std::llround(options.timecodes->offset_seconds * 1000))
                           : 0;
}

bool labelled(const TranscriptOptions &options, const Transcript &t, std::size_t paragraph) {
  return options.speaker_labels == SpeakerLabels::every_paragraph ||
         (options.speaker_labels == SpeakerLabels::changes &&
          (paragraph == 0 ||
           t.paragraphs[paragraph - 1].speaker != t.paragraphs[paragraph].speaker));
}

// The documents' common shape, in one pass: per paragraph, its marker (if asked), then the
// paragraph with its timecode and speaker label (if due) and its words, with a timecode
// before the first word past each frequency_seconds. A Writer is told each piece:
//   marker(name, shown ms or nullopt), paragraph(shown ms or nullopt, speaker or ""),
//   word(word, first of its paragraph), timecode(shown ms), end_paragraph().
template <class Writer>
void lay_out(const Transcript &t, const TranscriptOptions &options, Writer &w) {
  const Timecodes *tc = options.timecodes ? &*options.timecodes : nullptr;
  const bool on_paragraphs =
      tc && (tc->on_paragraphs || (!tc->frequency_seconds && !tc->on_markers && !tc->on_speakers));
  const std::uint64_t every_ms =
      tc && tc->frequency_seconds ? std::uint64_t(std::llround(*tc->frequency_seconds * 1000)) : 0;
  const std::uint64_t offset = offset_ms(options);
  std::uint64_t due_ms = 0; // the next frequency timecode's time
  std::size_t next_marker = 0;
  for (std::size_t p = 0; p < t.paragraphs.size(); ++p) {
    const TranscriptParagraph &paragraph = t.paragraphs[p];
    const std::uint32_t start_ms = t.words[paragraph.first_word].start_ms;
    bool stamp = on_paragraphs || (tc && tc->on_speakers &&
                                   (p == 0 || t.paragraphs[p - 1].speaker != paragraph.speaker));
    if (next_marker < t.markers.size() && t.markers[next_marker].paragraph == p) {
      const TranscriptMarker &marker = t.markers[next_marker++];
      const bool stamp_marker = tc && tc->on_markers;
      if (options.include_markers)
        w.marker(marker.name, stamp_marker ? std::optional(marker.at_ms + offset) : std::nullopt);
      else
        stamp = stamp || stamp_marker;
    }
    if (every_ms && start_ms >= due_ms) {
      stamp = true;
      due_ms = (start_ms / every_ms + 1) * every_ms;
    }
    w.paragraph(stamp ? std::optional(start_ms + offset) : std::nullopt,
                labelled(options, t, p) ? std::string_view(t.speakers[paragraph.speaker])
                                        : std::string_view());
    for (std::uint32_t i = paragraph.first_word; i < paragraph.end_word; ++i) {
      const TranscriptWord &word = t.words[i];
      if (i != paragraph.first_word && every_ms && word.start_ms >= due_ms) {
        w.timecode(word.start_ms + offset);
        due_ms = (word.start_ms / every_ms + 1) * every_ms;
      }
      w.word(word, i == paragraph.first_word);
    }
    w.end_paragraph();
  }
}

std::size_t expected_size(const Transcript &t) {
  return t.words.size() * 8 + t.paragraphs.size() * 96 + 1024;
}

// Plain text and Markdown: blocks apart by a blank line, as the document's example.
struct PlainWriter {
  bool markdown;
  std::string out{};

  void block() {
    if (!out.empty()) out += "\n\n";
  }
  void stamp(std::optional<std::uint64_t> ms) {
    if (!ms) return;
    append_timecode(out, *ms);
    out += ' ';
  }
  void marker(std::string_view name, std::optional<std::uint64_t> ms) {
    block();
    out += markdown ? "## " : "";
    stamp(ms);
    out.append(markdown ? "" : "Marker: ").append(name);
  }
  void paragraph(std::optional<std::uint64_t> ms, std::string_view speaker) {
    block();
    stamp(ms);
    if (!speaker.empty())
      out.append(markdown ? "**" : "").append(speaker).append(markdown ? ":** " : ": ");
  }
  void word(const TranscriptWord &w, bool first) {
    if (!first) out += ' ';
    append_spoken(out, w);
  }
  void timecode(std::uint64_t ms) {
    out += ' ';
    append_timecode(out, ms);
  }
  void end_paragraph() {}
};

struct HtmlWriter {
  std::string out{};

  void stamp(std::optional<std::uint64_t> ms) {
    if (!ms) return;
    out += "<span class=\"timecode\">";
    append_timecode(out, *ms);
    out += "</span> ";
  }
  void marker(std::string_view name, std::optional<std::uint64_t> ms) {
    out += "<h2 class=\"marker\">";
    stamp(ms);
    append_xml(out, name);
    out += "</h2>\n";
  }
  void paragraph(std::optional<std::uint64_t> ms, std::string_view speaker) {
    out += "<p>";
    stamp(ms);
    if (speaker.empty()) return;
    out += "<strong class=\"speaker\">";
    append_xml(out, speaker);
    out += ":</strong> ";
  }
  void word(const TranscriptWord &w, bool first) {
    if (!first) out += ' ';
    append_spoken(out, w);
  }
  void timecode(std::uint64_t ms) {
    out += " <span class=\"timecode\">";
    append_timecode(out, ms);
    out += "</span>";
  }
  void end_paragraph() { out += "</p>\n"; }
};

struct RtfWriter {
  std::string out{};

  void stamp(std::optional<std::uint64_t> ms) {
    if (!ms) return;
    append_timecode(out, *ms);
    out += ' ';
  }
  void marker(std::string_view name, std::optional<std::uint64_t> ms) {
    out += "{\\pard\\sa200\\b ";
    stamp(ms);
    append_rtf(out, name);
    out += "\\par}\n";
  }
  void paragraph(std::optional<std::uint64_t> ms, std::string_view speaker) {
    out += "{\\pard\\sa200 ";
    stamp(ms);
    if (speaker.empty()) return;
    out += "{\\b ";
    append_rtf(out, speaker);
    out += ":} ";
  }
  void word(const TranscriptWord &w, bool first) {
    if (!first) out += ' ';
    append_spoken(out, w);
  }
  void timecode(std::uint64_t ms) {
    out += ' ';
    append_timecode(out, ms);
  }
  void end_paragraph() { out += "\\par}\n"; }
};

// WordprocessingML's body: a paragraph per block, the speaker label a bold run of its own.
struct DocxWriter {
  std::string out{};

  void stamp(std::optional<std::uint64_t> ms) {
    if (!ms) return;
    append_timecode(out, *ms);
    out += ' ';
  }
  void marker(std::string_view name, std::optional<std::uint64_t> ms) {
    out += "<w:p><w:r><w:rPr><w:b/><w:sz w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">";
    stamp(ms);
    append_xml(out, name);
    out += "</w:t></w:r></w:p>";
  }
  void paragraph(std::optional<std::uint64_t> ms, std::string_view speaker) {
    out += "<w:p>";
    if (ms) {
      out += "<w:r><w:t xml:space=\"preserve\">";
      stamp(ms);
      out += "</w:t></w:r>";
    }
    if (!speaker.empty()) {
      out += "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">";
      append_xml(out, speaker);
      out += ": </w:t></w:r>";
    }
    out += "<w:r><w:t xml:space=\"preserve\">";
  }
  void word(const TranscriptWord &w, bool first) {
    if (!first) out += ' ';
    append_spoken(out, w);
  }
  void timecode(std::uint64_t ms) {
    out += ' ';
    append_timecode(out, ms);
  }
  void end_paragraph() { out += "</w:t></w:r></w:p>"; }
};

constexpr std::string_view xml_declaration =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

std::string html(const Transcript &t, const TranscriptOptions &options, std::string_view title) {
  HtmlWriter w;
  w.out.reserve(expected_size(t));
  w.out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>";
  append_xml(w.out, title);
  w.out += "</title>\n</head>\n<body>\n";
  lay_out(t, options, w);
  w.out += "</body>\n</html>\n";
  return std::move(w.out);
}

std::string rtf(const Transcript &t, const TranscriptOptions &options, std::string_view title) {
  RtfWriter w;
  w.out.reserve(expected_size(t));
  w.out +=
      "{\\rtf1\\ansi\\ansicpg1252\\uc1\\deff0{\\fonttbl{\\f0\\fswiss Helvetica;}}{\\info{\\title ";
  append_rtf(w.out, title);
  w.out += "}}\n\\f0\\fs24\n";
  lay_out(t, options, w);
  w.out += "}\n";
  return std::move(w.out);
}

// The smallest package Word, LibreOffice and Pages open: the content types, the package's
// relationships, the document, and its core properties (for the title).
std::string docx(const Transcript &t, const TranscriptOptions &options, std::string_view title) {
  DocxWriter w;
  w.out.reserve(expected_size(t) * 2);
  w.out.append(xml_declaration)
      .append("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
              "main\"><w:body>");
  lay_out(t, options, w);
  if (t.paragraphs.empty()) w.out += "<w:p/>"; // a body holds at least one paragraph for Word
  w.out += "</w:body></w:document>";

  std::string core(xml_declaration);
  core += "<cp:coreProperties "
          "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
          "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>";
  append_xml(core, title);
  core += "</dc:title></cp:coreProperties>";
  std::string content_types(xml_declaration);
  content_types += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                   "<Default Extension=\"rels\" "
                   "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                   "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                   "<Override PartName=\"/word/document.xml\" "
                   "ContentType=\"application/"
                   "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                   "<Override PartName=\"/docProps/core.xml\" "
                   "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
                   "</Types>";
  std::string relationships(xml_declaration);
  relationships +=
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
      "officeDocument\" Target=\"word/document.xml\"/>"
      "<Relationship Id=\"rId2\" "
      "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
      "core-properties\" Target=\"docProps/core.xml\"/>"
      "</Relationships>";
  return zip_stored({{"[Content_Types].xml", content_types},
                     {"_rels/.rels", relationships},
                     {"word/document.xml", w.out},
                     {"docProps/core.xml", core}});
}

// WebVTT's cues are SRT's but for a '.' before the milliseconds, after a header.
enum class CueFormat : std::uint8_t { srt, vtt };

void append_cue_time(std::string &out, std::uint64_t ms, CueFormat format) {
  append_clock(out, ms);
  out += format == CueFormat::srt ? ',' : '.';
  append_digits(out, ms % 1000, 3);
}

// Numbered cues, each followed by a blank line and each within a paragraph: as many words as fit
// two lines of srt_line_chars and srt_cue_ms, ending early at a sentence's end once long enough.
std::string srt(const Transcript &t, const TranscriptOptions &options,
                CueFormat format = CueFormat::srt) {
  std::string out, cue, spoken;
  out.reserve(expected_size(t) * 2);
  if (format == CueFormat::vtt) out += "WEBVTT\n\n";
  const std::uint64_t offset = offset_ms(options);
  std::size_t number = 0;
  for (std::size_t p = 0; p < t.paragraphs.size(); ++p) {
    const TranscriptParagraph &paragraph = t.paragraphs[p];
    const bool label = labelled(options, t, p);
    for (std::uint32_t i = paragraph.first_word; i < paragraph.end_word;) {
      cue.clear();
      if (label && i == paragraph.first_word) cue.append(t.speakers[paragraph.speaker]).append(":");
      std::size_t line_start = 0; // where the cue's current line starts in `cue`
      const std::uint32_t first = i, start_ms = t.words[i].start_ms;
      std::uint32_t end_ms = start_ms;
      for (; i < paragraph.end_word; ++i) {
        const TranscriptWord &word = t.words[i];
        if (i != first && word.end_ms - start_ms > srt_cue_ms) break;
        spoken.clear();
        append_spoken(spoken, word);
        const bool fresh_line = cue.size() == line_start;
        if (cue.size() - line_start + (fresh_line ? 0 : 1) + spoken.size() > srt_line_chars) {
          if (line_start != 0) break;
          cue += '\n';
          line_start = cue.size();
        } else if (!fresh_line) {
          cue += ' ';
        }
        cue += spoken;
        end_ms = word.end_ms;
        if (word.end != WordEnd::none && word.end != WordEnd::comma &&
            cue.size() >= srt_sentence_chars) {
          ++i;
          break;
        }
      }
      out += std::to_string(++number);
      out += '\n';
      append_cue_time(out, start_ms + offset, format);
      out += " --> ";
      append_cue_time(out, end_ms + offset, format);
      out += '\n';
      out += cue;
      out += "\n\n";
    }
  }
  return out;
}

} // namespace

TranscriptFile write_transcript(const Transcript &t, const TranscriptOptions &options,
                                std::string_view title) {
  switch (options.format) {
  case TranscriptFormat::txt:
  case TranscriptFormat::markdown: {
    PlainWriter w{options.format == TranscriptFormat::markdown};
    w.out.reserve(expected_size(t));
    lay_out(t, options, w);
    if (w.markdown) return {"text/markdown", "md", std::move(w.out)};
    return {"text/plain", "txt", std::move(w.out)};
  }
  case TranscriptFormat::html: return {"text/html", "html", html(t, options, title)};
  case TranscriptFormat::rtf: return {"application/rtf", "rtf", rtf(t, options, title)};
  case TranscriptFormat::docx:
    return {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
            docx(t, options, title)};
  case TranscriptFormat::srt: break;
  }
  return {"application/x-subrip", "srt", srt(t, options)};
}

std::string write_vtt(const Transcript &transcript) {
  return srt(transcript, {.speaker_labels = SpeakerLabels::off}, CueFormat::vtt);
}

} // namespace descript_mock
