#include "api/zip.h"

#include <array>

namespace descript_mock {

namespace {

// Four tables, so that the CRC takes four bytes a step ("slicing by 4"): a two-hour
// transcript's document is a few hundred kilobytes, and the export's budget is 2 ms.
constexpr std::array<std::array<std::uint32_t, 256>, 4> crc_tables() {
  std::array<std::array<std::uint32_t, 256>, 4> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[0][i] = c;
  }
  for (std::uint32_t i = 0; i < 256; ++i)
    for (std::size_t k = 1; k < 4; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
  return t;
}

constexpr auto crc_table = crc_tables();

constexpr std::uint32_t local_header_signature = 0x04034b50;
constexpr std::uint32_t central_header_signature = 0x02014b50;
constexpr std::uint32_t end_of_directory_signature = 0x06054b50;
constexpr std::uint16_t version_needed = 10;  // 1.0: stored entries, nothing more
constexpr std::uint16_t version_made_by = 20; // 2.0, by MS-DOS: no Unix modes to give
constexpr std::uint16_t dos_date_1980_01_01 = (0 << 9) | (1 << 5) | 1;

void put16(std::string &out, std::uint16_t v) {
  out += char(v & 0xFF);
  out += char(v >> 8);
}

void put32(std::string &out, std::uint32_t v) {
  put16(out, std::uint16_t(v & 0xFFFF));
  put16(out, std::uint16_t(v >> 16));
}

// The fields a local header and a central directory header share, from "version needed".
void put_common(std::string &out, const ZipEntry &entry, std::uint32_t crc) {
  put16(out, version_needed);
  put16(out, 0); // flags
  put16(out, 0); // method: stored
  put16(out, 0); // time: 00:00:00
  put16(out, dos_date_1980_01_01);
  put32(out, crc);
  put32(out, std::uint32_t(entry.data.size())); // compressed size
  put32(out, std::uint32_t(entry.data.size())); // uncompressed size
  put16(out, std::uint16_t(entry.name.size()));
  put16(out, 0); // extra field length
}

} // namespace

std::uint32_t crc32(std::string_view data) {
  std::uint32_t c = 0xFFFFFFFFu;
  const auto *p = reinterpret_cast<const unsigned char *>(data.data());
  std::size_t n = data.size();
  for (; n >= 4; n -= 4, p += 4) {
    c ^= std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
         std::uint32_t(p[3]) << 24;
    c = crc_table[3][c & 0xFF] ^ crc_table[2][(c >> 8) & 0xFF] ^ crc_table[1][(c >> 16) & 0xFF] ^
        crc_table[0][c >> 24];
  }
  for (; n > 0; --n, ++p) c = crc_table[0][(c ^ *p) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string zip_stored(const std::vector<ZipEntry> &entries) {
  std::size_t size = 22;
  for (const auto &e : entries) size += 30 + 46 + 2 * e.name.size() + e.data.size();
  std::string out;
  out.reserve(size);
  std::vector<std::uint32_t> crcs, offsets;
  for (const auto &e : entries) {
    crcs.push_back(crc32(e.data));
    offsets.push_back(std::uint32_t(out.size()));
    put32(out, local_header_signature);
    put_common(out, e, crcs.back());
    out.append(e.name).append(e.data);
  }
  const auto directory_at = std::uint32_t(out.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    put32(out, central_header_signature);
    put16(out, version_made_by);
    put_common(out, entries[i], crcs[i]);
    put16(out, 0); // comment length
    put16(out, 0); // disk number
    put16(out, 0); // internal attributes
    put32(out, 0); // external attributes
    put32(out, offsets[i]);
    out.append(entries[i].name);
  }
  const auto directory_size = std::uint32_t(out.size() - directory_at);
  put32(out, end_of_directory_signature);
  put16(out, 0); // this disk
  put16(out, 0); // the disk where the directory starts
  put16(out, std::uint16_t(entries.size()));
  put16(out, std::uint16_t(entries.size()));
  put32(out, directory_size);
  put32(out, directory_at);
  put16(out, 0); // comment length
  return out;
}

} // namespace descript_mock
