// Driving headless Chromium over the DevTools protocol on a pipe
// (--remote-debugging-pipe: the browser reads requests from fd 3 and writes
// answers to fd 4, each a JSON message ended by a NUL byte), the way
// Puppeteer and Playwright do. Unlike --dump-dom this waits for a promise in
// real time, so an answer that takes the GPU process a while still arrives.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/result.h"

namespace hawk::hw {

// Starts `argv` (which must include --remote-debugging-pipe), opens a tab,
// navigates it to `page_url`, waits for its load event, evaluates
// `expression` (awaiting it when it is a promise) and returns the value as
// JSON text. The browser is closed (and its process group killed) before
// returning. kUnavailable when it cannot start or exits early, kCorrupt for
// a message that is not JSON, kBusy when `timeout` passes first, kInternal
// for an exception in the page.
Result<std::string> EvaluateInChromium(const std::vector<std::string>& argv,
                                       const std::string& page_url, const std::string& expression,
                                       std::chrono::milliseconds timeout);

}  // namespace hawk::hw
