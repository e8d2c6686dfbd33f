// A TCP connection to 127.0.0.1 that sends bytes exactly as given, for requests no HTTP
// client library would send (malformed, oversized, trickled), and reads one answer.
#pragma once

#include <chrono>
#include <string>

#include "descript_mock/http_message.h"

namespace test_support {

struct RawAnswer {
  int status = 0;   // 0: the connection closed (or timed out) without an answer
  std::string head; // the status line and headers as received
  std::string body;
  bool closed = false; // the server closed the connection after answering, or instead
};

class RawConnection {
public:
  // Connects to 127.0.0.1:port; connected() says whether it worked.
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection &) = delete;
  RawConnection &operator=(const RawConnection &) = delete;

  bool connected() const { return socket_ >= 0; }
  // False once the server has closed the connection (or it never opened).
  bool send(const std::string &bytes);
  // One answer, read until its Content-Length is complete, the server closes, or `timeout`.
  RawAnswer read_answer(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The bytes received up to and including the first `text` (a streamed answer's part), or
  // all that came before the server closed or `timeout` passed, without `text`.
  std::string read_until(const std::string &text,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Whether the server closes the connection within `timeout` (any bytes it sends are skipped).
  bool closed_within(std::chrono::milliseconds timeout);

private:
  int socket_ = -1;
  std::string pending_; // bytes read past the previous answer
};

// Sends `request` on a new connection and reads its answer.
RawAnswer raw_exchange(int port, const std::string &request,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));

} // namespace test_support
