// The transcript export's files (api/transcript_formats.h): speaker labels, markers and
// timecodes as asked; SRT's cue grammar; HTML, RTF and the DOCX package's XML well-formed and
// escaped; the DOCX a ZIP that this test, unzip and Python read.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include <unistd.h>

#include "api/transcript_formats.h"
#include "api/zip.h"
#include "core/transcript.h"
#include "http/transcript_support.h"

using namespace test_support;

namespace {

// A transcript with several speakers and markers: 20 minutes.
Transcript sample() {
  for (std::uint64_t seed = 1;; ++seed) {
    Transcript t = make_transcript(seed, 1200);
    if (t.speakers.size() >= 3 && t.markers.size() >= 3) return t;
  }
}

std::string write(const Transcript &t, TranscriptOptions options, std::string_view title = "T") {
  return write_transcript(t, options, title).body;
}

std::vector<std::string> split(const std::string &text, const std::string &separator) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  for (std::size_t next; (next = text.find(separator, at)) != std::string::npos;
       at = next + separator.size())
    parts.push_back(text.substr(at, next - at));
  parts.push_back(text.substr(at));
  return parts;
}

std::string spoken_text(const Transcript &t) {
  std::string text;
  for (const auto &w : t.words) {
    if (!text.empty()) text += ' ';
    append_spoken(text, w);
  }
  return text;
}

// The seconds of every [HH:MM:SS] in `text`, in order.
std::vector<long> timecodes(const std::string &text) {
  static const std::regex pattern(R"(\[(\d\d):(\d\d):(\d\d)\])");
  std::vector<long> seconds;
  for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it)
    seconds.push_back(std::stol((*it)[1]) * 3600 + std::stol((*it)[2]) * 60 + std::stol((*it)[3]));
  return seconds;
}

// Empty when `text` is well-formed XML as far as these files go (declaration, doctype, one
// root, nested tags, quoted attributes, entities), else what is wrong and where.
std::string xml_problem(std::string_view text) {
  std::vector<std::string_view> open;
  bool root_closed = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto at = " at byte " + std::to_string(i);
    if (text[i] == '&') {
      const auto semicolon = text.find(';', i);
      const auto entity = text.substr(i + 1, semicolon - i - 1);
      if (semicolon == std::string_view::npos ||
          (entity != "amp" && entity != "lt" && entity != "gt" && entity != "quot" &&
           entity != "apos"))
        return "a bare &" + at;
      i = semicolon + 1;
    } else if (text[i] == '<') {
      const auto close = text.find('>', i);
      if (close == std::string_view::npos) return "an unclosed tag" + at;
      std::string_view tag = text.substr(i + 1, close - i - 1);
      i = close + 1;
      if (tag.starts_with("?xml") || tag.starts_with("!DOCTYPE")) continue;
      if (tag.starts_with('/')) {
        if (open.empty() || open.back() != tag.substr(1))
          return "a stray </" + std::string(tag) + at;
        open.pop_back();
        root_closed = open.empty();
        continue;
      }
      if (root_closed) return "a second root" + at;
      const bool empty = tag.ends_with('/');
      if (empty) tag.remove_suffix(1);
      const auto name_end = std::min(tag.find(' '), tag.size());
      static const std::regex attributes(R"((\s+[A-Za-z_:][-\w:.]*="[^"<&]*")*\s*)");
      if (!std::regex_match(tag.begin() + name_end, tag.end(), attributes))
        return "malformed attributes in <" + std::string(tag) + ">" + at;
      if (!empty) open.push_back(tag.substr(0, name_end));
      root_closed = open.empty();
    } else {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(text[i])))
        return "text outside the root" + at;
      if (text[i] == '>') return "a bare >" + at;
      ++i;
    }
  }
  return open.empty() ? "" : "unclosed <" + std::string(open.back()) + ">";
}

std::uint32_t bitwise_crc32(std::string_view data) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (const char ch : data) {
    c ^= static_cast<unsigned char>(ch);
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
  }
  return ~c;
}

std::uint32_t le(const std::string &bytes, std::size_t at, int size) {
  std::uint32_t v = 0;
  for (int k = size - 1; k >= 0; --k) v = v << 8 | static_cast<unsigned char>(bytes.at(at + k));
  return v;
}

// The entries of a ZIP of stored entries, read from its central directory, each checked
// against its local header and its CRC (computed here, bit by bit).
std::vector<std::pair<std::string, std::string>> read_zip(const std::string &zip) {
  REQUIRE(zip.size() >= 22);
  const std::size_t end = zip.size() - 22;
  REQUIRE(le(zip, end, 4) == 0x06054b50);
  const std::size_t count = le(zip, end + 10, 2);
  std::size_t at = le(zip, end + 16, 4);
  REQUIRE(at + le(zip, end + 12, 4) == end);
  std::vector<std::pair<std::string, std::string>> entries;
  for (std::size_t e = 0; e < count; ++e) {
    REQUIRE(le(zip, at, 4) == 0x02014b50);
    CHECK(le(zip, at + 10, 2) == 0); // stored
    const std::uint32_t crc = le(zip, at + 16, 4), size = le(zip, at + 20, 4);
    CHECK(le(zip, at + 24, 4) == size);
    const std::size_t name_length = le(zip, at + 28, 2), local = le(zip, at + 42, 4);
    const std::string name = zip.substr(at + 46, name_length);
    REQUIRE(le(zip, local, 4) == 0x04034b50);
    CHECK(le(zip, local + 14, 4) == crc);
    CHECK(zip.substr(local + 30, name_length) == name);
    const std::string data = zip.substr(local + 30 + name_length + le(zip, local + 28, 2), size);
    CHECK(bitwise_crc32(data) == crc);
    entries.emplace_back(name, data);
    at += 46 + name_length + le(zip, at + 30, 2) + le(zip, at + 32, 2);
  }
  return entries;
}

// Runs `command` on `bytes` written to a file: its exit status, or -1 when `tool` is missing.
int run_on_file(const std::string &tool, const std::string &command, const std::string &bytes) {
  if (std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) != 0) return -1;
  const auto path = std::filesystem::temp_directory_path() /
                    ("transcript-test-" + std::to_string(::getpid()) + ".docx");
  std::ofstream(path, std::ios::binary) << bytes;
  const int status = std::system((command + " '" + path.string() + "' >/dev/null 2>&1").c_str());
  std::filesystem::remove(path);
  return status;
}

const std::string hostile_title =
    "<Tom & \"Jerry\"> {\\rtf1} a\tb\x01 Caf\xC3\xA9 \xF0\x9F\x8E\xAC";

} // namespace

TEST_CASE("Speaker labels: off, at changes, every paragraph", "[http][transcript]") {
  const Transcript t = sample();
  const auto blocks = [&](SpeakerLabels labels) {
    return split(write(t, {.speaker_labels = labels}), "\n\n");
  };
  const auto off = blocks(SpeakerLabels::off), changes = blocks(SpeakerLabels::changes),
             every = blocks(SpeakerLabels::every_paragraph);
  REQUIRE(off.size() == t.paragraphs.size());
  REQUIRE(changes.size() == t.paragraphs.size());
  REQUIRE(every.size() == t.paragraphs.size());
  for (std::size_t p = 0; p < t.paragraphs.size(); ++p) {
    const std::string label = t.speakers[t.paragraphs[p].speaker] + ": ";
    const bool changed = p == 0 || t.paragraphs[p - 1].speaker != t.paragraphs[p].speaker;
    CHECK_FALSE(off[p].starts_with("Speaker"));
    CHECK(every[p] == label + off[p]);
    CHECK(changes[p] == (changed ? label : "") + off[p]);
  }
  const std::string markdown = write(
      t, {.format = TranscriptFormat::markdown, .speaker_labels = SpeakerLabels::every_paragraph});
  CHECK(markdown.starts_with("**Speaker 1:** "));
}

TEST_CASE("Markers and timecodes as asked", "[http][transcript]") {
  const Transcript t = sample();
  const std::string plain = write(t, {.speaker_labels = SpeakerLabels::off});
  CHECK(timecodes(plain).empty());

  const auto with_markers = split(write(t, {.include_markers = true}), "\n\n");
  REQUIRE(with_markers.size() == t.paragraphs.size() + t.markers.size());
  std::size_t seen = 0;
  for (const auto &block : with_markers)
    if (block.starts_with("Marker: ")) {
      REQUIRE(seen < t.markers.size());
      CHECK(block == "Marker: " + std::string(t.markers[seen++].name));
    }
  CHECK(seen == t.markers.size());
  const std::string markdown =
      write(t, {.format = TranscriptFormat::markdown, .include_markers = true});
  CHECK(split(markdown, "\n\n## ").size() == t.markers.size() + 1);

  // Given at all, timecodes go at paragraphs unless told where.
  const auto at_paragraphs = timecodes(write(t, {.timecodes = Timecodes{}}));
  REQUIRE(at_paragraphs.size() == t.paragraphs.size());
  for (std::size_t p = 0; p < t.paragraphs.size(); ++p)
    CHECK(at_paragraphs[p] == t.words[t.paragraphs[p].first_word].start_ms / 1000);
  const std::string offset =
      write(t, {.timecodes = Timecodes{.offset_seconds = 3600, .on_paragraphs = true}});
  CHECK(offset.starts_with("[01:00:0"));
  CHECK(timecodes(offset).size() == t.paragraphs.size());

  std::size_t changes = 1;
  for (std::size_t p = 1; p < t.paragraphs.size(); ++p)
    changes += t.paragraphs[p].speaker != t.paragraphs[p - 1].speaker;
  CHECK(timecodes(write(t, {.timecodes = Timecodes{.on_speakers = true}})).size() == changes);
  CHECK(timecodes(write(t, {.timecodes = Timecodes{.on_markers = true}})).size() ==
        t.markers.size());
  const std::string on_markers =
      write(t, {.include_markers = true, .timecodes = Timecodes{.on_markers = true}});
  CHECK(timecodes(on_markers).size() == t.markers.size());
  CHECK(on_markers.find("] Marker: ") != std::string::npos);

  // Every 30 s: one timecode in each 30 s of the composition that has a word starting in it.
  const std::string every = write(
      t, {.speaker_labels = SpeakerLabels::off, .timecodes = Timecodes{.frequency_seconds = 30}});
  const auto every_30 = timecodes(every);
  CHECK(every.starts_with("[00:00:00] "));
  CHECK(every_30.size() >= 1200 / 30 - 2);
  CHECK(every_30.size() <= 1200 / 30);
  for (std::size_t k = 1; k < every_30.size(); ++k) CHECK(every_30[k] / 30 > every_30[k - 1] / 30);
  // Taken out again, the timecodes leave the text as it was.
  CHECK(std::regex_replace(every, std::regex(R"(\[\d\d:\d\d:\d\d\] )"), "") == plain);
}

TEST_CASE("SRT: numbered cues, times, short lines, every word once", "[http][transcript]") {
  const Transcript t = sample();
  for (const auto labels : {SpeakerLabels::off, SpeakerLabels::every_paragraph}) {
    const std::string srt = write(t, {.format = TranscriptFormat::srt,
                                      .speaker_labels = labels,
                                      .timecodes = Timecodes{.offset_seconds = 10}});
    REQUIRE(srt.ends_with("\n\n"));
    const auto cues = split(srt.substr(0, srt.size() - 2), "\n\n");
    static const std::regex timing(
        R"((\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d))");
    const auto ms = [](const std::smatch &m, int first) {
      return ((std::stol(m[first]) * 60 + std::stol(m[first + 1])) * 60 + std::stol(m[first + 2])) *
                 1000 +
             std::stol(m[first + 3]);
    };
    long previous_end = 0;
    std::size_t labelled = 0;
    std::string words;
    for (std::size_t i = 0; i < cues.size(); ++i) {
      const auto lines = split(cues[i], "\n");
      INFO(cues[i]);
      REQUIRE(lines.size() >= 3);
      CHECK(lines.size() <= 4);
      CHECK(lines[0] == std::to_string(i + 1));
      std::smatch m;
      REQUIRE(std::regex_match(lines[1], m, timing));
      const long start = ms(m, 1), end = ms(m, 5);
      CHECK(start >= previous_end);
      CHECK(end > start);
      CHECK((end - start <= 7000 || cues[i].find(' ') == std::string::npos));
      previous_end = end;
      std::string text;
      for (std::size_t l = 2; l < lines.size(); ++l) {
        CHECK(!lines[l].empty());
        CHECK(lines[l].size() <= 42);
        text += (text.empty() ? "" : " ") + lines[l];
      }
      if (text.starts_with("Speaker ")) {
        ++labelled;
        text = text.substr(text.find(": ") + 2);
      }
      words += (words.empty() ? "" : " ") + text;
    }
    CHECK(cues.front().find("\n00:00:1") != std::string::npos); // the offset: 10 s
    CHECK(words == spoken_text(t));
    CHECK(labelled == (labels == SpeakerLabels::off ? 0 : t.paragraphs.size()));
  }
}

TEST_CASE("HTML and RTF are well-formed and escape what they must", "[http][transcript]") {
  const Transcript t = sample();
  const TranscriptOptions everything{
      .speaker_labels = SpeakerLabels::every_paragraph,
      .include_markers = true,
      .timecodes = Timecodes{.frequency_seconds = 20, .on_markers = true, .on_paragraphs = true}};
  auto options = everything;
  options.format = TranscriptFormat::html;
  const std::string html = write(t, options, hostile_title);
  CHECK(xml_problem(html).empty());
  INFO(xml_problem(html));
  CHECK(html.find("<title>&lt;Tom &amp; &quot;Jerry&quot;&gt; {\\rtf1} a b Caf\xC3\xA9 "
                  "\xF0\x9F\x8E\xAC</title>") != std::string::npos);
  CHECK(split(html, "<p>").size() == t.paragraphs.size() + 1);
  CHECK(split(html, "<h2 class=\"marker\">").size() == t.markers.size() + 1);

  options.format = TranscriptFormat::rtf;
  const std::string rtf = write(t, options, hostile_title);
  CHECK(rtf.starts_with("{\\rtf1\\ansi"));
  CHECK(rtf.ends_with("}\n"));
  CHECK(rtf.find("{\\title <Tom & \"Jerry\"> \\{\\\\rtf1\\} a b Caf\\u233? \\u-10180?\\u-8276?}") !=
        std::string::npos);
  int depth = 0;
  for (std::size_t i = 0; i < rtf.size(); ++i) {
    CHECK(static_cast<unsigned char>(rtf[i]) < 0x80);
    if (rtf[i] == '\\')
      ++i; // an escaped character or a control word's first letter
    else if (rtf[i] == '{')
      ++depth;
    else if (rtf[i] == '}')
      CHECK(--depth >= 0);
    if (depth == 0 && i + 2 < rtf.size()) FAIL("the document closed early at byte " << i);
  }
  CHECK(depth == 0);
}

TEST_CASE("DOCX is a ZIP of well-formed Office Open XML", "[http][transcript]") {
  CHECK(crc32("123456789") == 0xCBF43926u);
  CHECK(crc32("") == 0);
  const Transcript t = sample();
  const std::string docx =
      write(t, {.format = TranscriptFormat::docx, .include_markers = true}, hostile_title);
  const auto entries = read_zip(docx);
  std::vector<std::string> names;
  for (const auto &[name, data] : entries) {
    names.push_back(name);
    INFO(name << ": " << xml_problem(data));
    CHECK(xml_problem(data).empty());
  }
  CHECK(names == std::vector<std::string>{"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                                          "docProps/core.xml"});
  const std::string &document = entries[2].second;
  CHECK(split(document, "<w:p>").size() == t.paragraphs.size() + t.markers.size() + 1);
  CHECK(entries[3].second.find("<dc:title>&lt;Tom &amp; &quot;Jerry&quot;&gt; {\\rtf1} a b Caf") !=
        std::string::npos);
  // What common tools say, where they are installed.
  const int unzip = run_on_file("unzip", "unzip -tq", docx);
  if (unzip < 0)
    WARN("unzip is not installed: not run");
  else
    CHECK(unzip == 0);
  const int python = run_on_file(
      "python3",
      "python3 -c \"import sys, zipfile, xml.dom.minidom as m; z = zipfile.ZipFile(sys.argv[1]); "
      "assert z.testzip() is None; [m.parseString(z.read(n)) for n in z.namelist()]; "
      "assert m.parseString(z.read('word/document.xml')).getElementsByTagName('w:p')\"",
      docx);
  if (python < 0)
    WARN("python3 is not installed: not run");
  else
    CHECK(python == 0);
}

TEST_CASE("An empty composition exports empty but valid files", "[http][transcript]") {
  const Transcript t = make_transcript(1, 0);
  CHECK(write(t, {}).empty());
  CHECK(write(t, {.format = TranscriptFormat::srt}).empty());
  CHECK(xml_problem(write(t, {.format = TranscriptFormat::html})).empty());
  const auto entries = read_zip(write(t, {.format = TranscriptFormat::docx}));
  REQUIRE(entries.size() == 4);
  CHECK(entries[2].second.find("<w:body><w:p/></w:body>") != std::string::npos);
}

TEST_CASE("A DOCX crosses the socket byte for byte", "[http][transcript]") {
  MockFixture f;
  const ExportProject project = make_export_project(f);
  const nlohmann::json body = {{"project_id", project.id}, {"format", "docx"}};
  const Reply in_process = export_transcript(f, body);
  f.mock.start();
  HttpClient socket(f.mock.url());
  const Reply over_http = socket.post("/v1/export/transcript", body.dump(), token_a);
  f.mock.stop();
  REQUIRE(over_http.status == 200);
  CHECK(over_http.body == in_process.body);
  CHECK(over_http.header("Content-Type") == in_process.header("Content-Type"));
  CHECK(over_http.header("X-Composition-Id") == project.compositions[0]);
  CHECK(std::stoul(over_http.header("Content-Length")) == in_process.body.size());
}
