#include "descript_mock/time.h"

#include <cstdio>

namespace descript_mock {

using namespace std::chrono;

std::string format_iso(TimePoint t) {
  IsoText text;
  return std::string(text.data(), format_iso(t, text));
}

std::size_t format_iso(TimePoint t, IsoText &out) {
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  const int year = int(ymd.year());
  const int fields[] = {int(unsigned(ymd.month())), int(unsigned(ymd.day())),
                        int(hms.hours().count()), int(hms.minutes().count()),
                        int(hms.seconds().count())};
  const int millis = int(hms.subseconds().count());
  if (year < 0 || year > 9999) {
    const int n = std::snprintf(out.data(), out.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year,
                                fields[0], fields[1], fields[2], fields[3], fields[4], millis);
    return std::size_t(n);
  }
  // By hand: snprintf was a visible share of a poll's time.
  char *p = out.data();
  const auto put = [&p](int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) p[i] = char('0' + value % 10);
    p += width;
  };
  put(year, 4);
  const char separators[] = {'-', '-', 'T', ':', ':'};
  for (int i = 0; i < 5; ++i) {
    *p++ = separators[i];
    put(fields[i], 2);
  }
  *p++ = '.';
  put(millis, 3);
  *p++ = 'Z';
  return std::size_t(p - out.data());
}

namespace {

// Reads exactly `width` digits at `pos`.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

bool at(std::string_view s, std::size_t pos, char c) { return pos < s.size() && s[pos] == c; }

} // namespace

std::optional<TimePoint> parse_iso(std::string_view s) {
  const auto y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
  const auto h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (!y || !mo || !d || !h || !mi || !sec) return std::nullopt;
  if (!at(s, 4, '-') || !at(s, 7, '-') || !(at(s, 10, 'T') || at(s, 10, 't')) || !at(s, 13, ':') ||
      !at(s, 16, ':'))
    return std::nullopt;
  const year_month_day ymd{year{*y}, month{unsigned(*mo)}, day{unsigned(*d)}};
  if (!ymd.ok() || *h > 23 || *mi > 59 || *sec > 59) return std::nullopt;

  std::size_t pos = 19;
  int millis = 0;
  if (at(s, pos, '.')) {
    ++pos;
    std::size_t n = 0;
    for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++n)
      if (n < 3) millis = millis * 10 + (s[pos] - '0');
    if (n == 0 || n > 9) return std::nullopt;
    for (; n < 3; ++n) millis *= 10;
  }

  minutes offset{0};
  if (at(s, pos, 'Z') || at(s, pos, 'z')) {
    ++pos;
  } else if (at(s, pos, '+') || at(s, pos, '-')) {
    const auto oh = digits(s, pos + 1, 2), om = digits(s, pos + 4, 2);
    if (!oh || !om || !at(s, pos + 3, ':') || *oh > 23 || *om > 59) return std::nullopt;
    offset = hours{*oh} + minutes{*om};
    if (s[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;

  return TimePoint{sys_days{ymd} + hours{*h} + minutes{*mi} + seconds{*sec} + milliseconds{millis} -
                   offset};
}

} // namespace descript_mock
