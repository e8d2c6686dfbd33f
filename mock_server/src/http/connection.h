// One client connection as cpp-httplib reads and writes it. The mock serves each connection
// itself, so that it can bound what a client may hold: a request must arrive at a minimum
// rate after a short grace (a client sending a byte a second is cut off), its head has a size
// limit, and a response leaves in one write when the request has been served.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>

#include <httplib.h>

#include "descript_mock/options.h"

namespace descript_mock {

// What ServerOptions says about a connection; its defaults are ServerOptions'.
struct ConnectionLimits {
  std::chrono::milliseconds read_timeout; // the grace for each request, and idle reads
  std::chrono::milliseconds write_timeout;
  std::size_t min_receive_bytes_per_second;
  std::size_t max_head_bytes; // request line and headers
};

ConnectionLimits connection_limits(const ServerOptions &options);

class Connection final : public httplib::Stream {
public:
  Connection(int socket, const ConnectionLimits &limits);
  Connection(const Connection &) = delete;
  Connection &operator=(const Connection &) = delete;

  // Starts the clock and the head count of the request about to be read.
  void begin_request();
  bool head_too_large() const { return head_too_large_; }
  // Discards what was written for this request and writes `response` instead.
  void replace_response(std::string response);
  // Sends what was written; false when the client is gone or does not read.
  bool flush();
  // Forgets what was written and cuts the connection: the client gets no answer.
  void drop();
  bool dropped() const { return dropped_; }
  // Whether a request starts within `idle`; gives up early when `keep_waiting` says so.
  template <class KeepWaiting>
  bool wait_for_request(std::chrono::milliseconds idle, KeepWaiting keep_waiting) {
    const auto until = std::chrono::steady_clock::now() + idle;
    while (input_begin_ == input_end_) {
      if (!keep_waiting() || std::chrono::steady_clock::now() >= until) return false;
      if (wait_readable(std::chrono::milliseconds(100))) return true;
    }
    return true;
  }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char *data, size_t size) override;
  ssize_t write(const char *data, size_t size) override;
  void get_remote_ip_and_port(std::string &ip, int &port) const override;
  void get_local_ip_and_port(std::string &ip, int &port) const override;
  socket_t socket() const override { return socket_; }

private:
  bool wait_readable(std::chrono::milliseconds timeout) const;
  std::chrono::milliseconds read_time_left() const;
  void count_head(const char *data, std::size_t size);

  int socket_;
  ConnectionLimits limits_;
  std::chrono::steady_clock::time_point request_start_{};
  std::size_t request_bytes_ = 0;
  std::size_t head_bytes_ = 0;
  int head_end_matched_ = 0; // how much of "\r\n\r\n" the last bytes of the head matched
  bool in_head_ = true;
  bool head_too_large_ = false;
  bool dropped_ = false;
  char input_[16 * 1024];
  std::size_t input_begin_ = 0, input_end_ = 0;
  std::string output_;
  // Both ends are the same for the life of the connection, and cpp-httplib asks for them
  // on every request: a system call each, 4% of a poll's time.
  mutable std::string remote_ip_, local_ip_;
  mutable int remote_port_ = -1, local_port_ = -1;
};

} // namespace descript_mock
