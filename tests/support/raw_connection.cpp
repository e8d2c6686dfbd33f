#include "support/raw_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

#include "descript_common/text.h"

namespace test_support {

namespace {

using SteadyClock = std::chrono::steady_clock;

// Reads what arrives within the time left; false on close, error or timeout.
bool read_some(int socket, std::string &into, SteadyClock::time_point until) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(until - SteadyClock::now());
  if (left.count() <= 0) return false;
  pollfd entry{socket, POLLIN, 0};
  if (::poll(&entry, 1, static_cast<int>(left.count())) <= 0) return false;
  char buffer[16 * 1024];
  const ssize_t n = ::recv(socket, buffer, sizeof buffer, 0);
  if (n <= 0) return false;
  into.append(buffer, static_cast<std::size_t>(n));
  return true;
}

std::size_t content_length(const std::string &head) {
  const std::string name = "\r\ncontent-length:";
  const auto at = descript_common::lower(head).find(name);
  if (at == std::string::npos) return 0;
  const auto start = head.find_first_not_of(" \t", at + name.size());
  const auto end = head.find_first_of(" \t\r", start);
  if (start == std::string::npos) return 0;
  return descript_common::parse_whole<std::size_t>(
             std::string_view(head).substr(start, end - start))
      .value_or(0);
}

} // namespace

RawConnection::RawConnection(int port) {
  socket_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (socket_ < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(socket_, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
    ::close(socket_);
    socket_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (socket_ >= 0) ::close(socket_);
}

bool RawConnection::send(const std::string &bytes) {
  std::size_t sent = 0;
  while (socket_ >= 0 && sent < bytes.size()) {
    const ssize_t n = ::send(socket_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return socket_ >= 0;
}

RawAnswer RawConnection::read_answer(std::chrono::milliseconds timeout) {
  RawAnswer answer;
  const auto until = SteadyClock::now() + timeout;
  std::string data = std::move(pending_);
  pending_.clear();
  bool open = socket_ >= 0;
  std::size_t head_end = std::string::npos;
  while ((head_end = data.find("\r\n\r\n")) == std::string::npos && open)
    open = read_some(socket_, data, until);
  if (head_end == std::string::npos) {
    answer.closed = !open;
    return answer;
  }
  answer.head = data.substr(0, head_end + 2);
  const std::size_t length = content_length(answer.head);
  while (data.size() < head_end + 4 + length && open) open = read_some(socket_, data, until);
  answer.body = data.substr(head_end + 4, length);
  if (data.size() > head_end + 4 + length) pending_ = data.substr(head_end + 4 + length);
  if (answer.head.rfind("HTTP/1.", 0) == 0 && answer.head.size() > 12)
    answer.status =
        descript_common::parse_whole<int>(std::string_view(answer.head).substr(9, 3)).value_or(0);
  answer.closed = !open || answer.head.find("Connection: close") != std::string::npos;
  return answer;
}

std::string RawConnection::read_until(const std::string &text, std::chrono::milliseconds timeout) {
  const auto until = SteadyClock::now() + timeout;
  std::string data = std::move(pending_);
  pending_.clear();
  std::size_t at = std::string::npos;
  while ((at = data.find(text)) == std::string::npos && socket_ >= 0 &&
         read_some(socket_, data, until)) {}
  if (at == std::string::npos) return data;
  pending_ = data.substr(at + text.size());
  return data.substr(0, at + text.size());
}

bool RawConnection::closed_within(std::chrono::milliseconds timeout) {
  const auto until = SteadyClock::now() + timeout;
  while (SteadyClock::now() < until) {
    pollfd entry{socket_, POLLIN, 0};
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(until - SteadyClock::now());
    if (::poll(&entry, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::recv(socket_, buffer, sizeof buffer, 0);
    if (n <= 0) return true;
  }
  return false;
}

RawAnswer raw_exchange(int port, const std::string &request, std::chrono::milliseconds timeout) {
  RawConnection connection(port);
  connection.send(request);
  return connection.read_answer(timeout);
}

} // namespace test_support
