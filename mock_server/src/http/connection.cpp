#include "http/connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace descript_mock {

namespace {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

bool wait_for(int socket, short events, milliseconds timeout) {
  pollfd entry{socket, events, 0};
  int ready = 0;
  do {
    ready = ::poll(&entry, 1, static_cast<int>(std::max<milliseconds::rep>(0, timeout.count())));
  } while (ready < 0 && errno == EINTR);
  return ready > 0;
}

// One end of `socket` as getpeername or getsockname gives it; port 0 when it cannot tell.
void address_of(int (*get_name)(int, sockaddr *, socklen_t *), int socket, std::string &ip,
                int &port) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  char text[INET6_ADDRSTRLEN] = {};
  port = 0;
  if (get_name(socket, reinterpret_cast<sockaddr *>(&address), &length) != 0)
    address.ss_family = AF_UNSPEC;
  if (address.ss_family == AF_INET) {
    const auto &v4 = reinterpret_cast<const sockaddr_in &>(address);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto &v6 = reinterpret_cast<const sockaddr_in6 &>(address);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

constexpr std::size_t flush_at_bytes = 64 * 1024;

} // namespace

ConnectionLimits connection_limits(const ServerOptions &options) {
  return {.read_timeout = options.read_timeout,
          .write_timeout = options.write_timeout,
          .min_receive_bytes_per_second = options.min_receive_bytes_per_second,
          .max_head_bytes = options.max_header_bytes};
}

Connection::Connection(int socket, const ConnectionLimits &limits)
    : socket_(socket), limits_(limits) {}

void Connection::begin_request() {
  request_start_ = SteadyClock::now();
  request_bytes_ = 0;
  head_bytes_ = 0;
  head_end_matched_ = 0;
  in_head_ = true;
  head_too_large_ = false;
}

void Connection::replace_response(std::string response) { output_ = std::move(response); }

void Connection::drop() {
  output_.clear();
  dropped_ = true;
  ::shutdown(socket_, SHUT_RDWR);
}

bool Connection::flush() {
  std::size_t sent = 0;
  while (sent < output_.size() && !dropped_) {
    const ssize_t n =
        ::send(socket_, output_.data() + sent, output_.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait_for(socket_, POLLOUT, limits_.write_timeout)) break;
    } else {
      break;
    }
  }
  const bool complete = sent == output_.size();
  output_.clear();
  return complete && !dropped_;
}

// What is left of the request's time: the grace, and as long again as its bytes so far would
// take at the minimum rate.
milliseconds Connection::read_time_left() const {
  const auto earned = milliseconds(request_bytes_ * 1000 /
                                   std::max<std::size_t>(1, limits_.min_receive_bytes_per_second));
  const auto deadline = request_start_ + limits_.read_timeout + earned;
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - SteadyClock::now());
  return std::clamp(left, milliseconds(0), limits_.read_timeout);
}

bool Connection::wait_readable(milliseconds timeout) const {
  return wait_for(socket_, POLLIN, timeout);
}

bool Connection::is_readable() const {
  return input_begin_ < input_end_ || wait_readable(read_time_left());
}

bool Connection::is_writable() const { return !dropped_; }

void Connection::count_head(const char *data, std::size_t size) {
  static constexpr char head_end[] = "\r\n\r\n";
  for (std::size_t i = 0; i < size && in_head_; ++i) {
    ++head_bytes_;
    if (data[i] == head_end[head_end_matched_])
      ++head_end_matched_;
    else
      head_end_matched_ = data[i] == '\r' ? 1 : 0;
    if (head_end_matched_ == 4) in_head_ = false;
  }
  if (in_head_ && head_bytes_ > limits_.max_head_bytes) head_too_large_ = true;
}

ssize_t Connection::read(char *data, size_t size) {
  if (dropped_ || head_too_large_) return -1;
  if (input_begin_ == input_end_) {
    // A client that waits for "100 Continue" must get it before its body can be read.
    if (!output_.empty() && !flush()) return -1;
    input_begin_ = input_end_ = 0;
    while (true) {
      const ssize_t n = ::recv(socket_, input_, sizeof input_, MSG_DONTWAIT);
      if (n > 0) {
        input_end_ = static_cast<std::size_t>(n);
        break;
      }
      if (n == 0) return 0;
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      if (!wait_readable(read_time_left())) return -1;
    }
  }
  const std::size_t n = std::min(size, input_end_ - input_begin_);
  std::memcpy(data, input_ + input_begin_, n);
  input_begin_ += n;
  request_bytes_ += n;
  if (in_head_) count_head(data, n);
  return head_too_large_ ? -1 : static_cast<ssize_t>(n);
}

ssize_t Connection::write(const char *data, size_t size) {
  if (dropped_) return -1;
  output_.append(data, size);
  if (output_.size() >= flush_at_bytes && !flush()) return -1;
  return static_cast<ssize_t>(size);
}

void Connection::get_remote_ip_and_port(std::string &ip, int &port) const {
  if (remote_port_ < 0) address_of(::getpeername, socket_, remote_ip_, remote_port_);
  ip = remote_ip_;
  port = remote_port_;
}

void Connection::get_local_ip_and_port(std::string &ip, int &port) const {
  if (local_port_ < 0) address_of(::getsockname, socket_, local_ip_, local_port_);
  ip = local_ip_;
  port = local_port_;
}

} // namespace descript_mock
