// Sends webhook POSTs over HTTP(S): the client-side half of the HTTP adapter.
#pragma once

#include <chrono>

#include "api/webhooks.h"

namespace descript_mock {

// Refuses, without sending, any URL `targets` does not allow.
WebhookSend make_webhook_sender(WebhookTargets targets, std::chrono::milliseconds timeout);

} // namespace descript_mock
