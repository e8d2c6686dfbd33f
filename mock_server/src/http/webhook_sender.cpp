#include "http/webhook_sender.h"

#include <httplib.h>

#include "core/media.h"

namespace descript_mock {

WebhookSend make_webhook_sender(WebhookTargets targets, std::chrono::milliseconds timeout) {
  return [targets = std::move(targets), timeout](const std::string &url,
                                                 const std::string &body) -> WebhookResult {
    if (!targets.allows(url))
      return {0,
              targets.configured()
                  ? "not sent: the host is not in --webhook-allow"
                  : "not sent: without --webhook-allow, webhooks go to loopback hosts only",
              true};
    const auto parts = parse_url(url);
    const auto path_start = url.find_first_of("/?#", url.find("://") + 3);
    std::string target = path_start == std::string::npos ? "/" : url.substr(path_start);
    if (target.front() != '/') target.insert(target.begin(), '/');
    if (const auto hash = target.find('#'); hash != std::string::npos) target.resize(hash);

    httplib::Client client(url.substr(0, path_start));
    client.set_connection_timeout(timeout);
    client.set_read_timeout(timeout);
    client.set_write_timeout(timeout);
    client.set_tcp_nodelay(true);
    const httplib::Headers headers{{"User-Agent", "descript-mock/" DESCRIPT_MOCK_VERSION}};
    const auto response = client.Post(target, headers, body, "application/json");
    if (!response) return {0, "no answer: " + httplib::to_string(response.error()), false};
    return {response->status, "", false};
  };
}

} // namespace descript_mock
