// A ZIP archive of stored (uncompressed) entries, as bytes: what an Office Open XML file
// needs, written here rather than taken from a library. No ZIP64: the archive and each entry
// stay under 4 GiB. Every entry's time stamp is the format's earliest (1980-01-01 00:00), so
// that the same entries always give the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace descript_mock {

struct ZipEntry {
  std::string_view name; // a path with '/', ASCII
  std::string_view data;
};

// The archive of `entries`, in the order given.
std::string zip_stored(const std::vector<ZipEntry> &entries);

// The CRC-32 of ZIP (and of gzip and PNG): polynomial 0xEDB88320, reflected.
std::uint32_t crc32(std::string_view data);

} // namespace descript_mock
