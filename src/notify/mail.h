// E-mail formatting (RFC 5322): the Date header, non-ASCII header text as
// RFC 2047 encoded words, and the whole message. Pure; time is passed in.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "notify/config.h"
#include "notify/event.h"

namespace hawk::notify {

// "Thu, 26 Nov 2026 10:14:07 +0000" (always UTC).
std::string FormatMailDate(TimePoint t);

// Header text on one logical line: control characters (CR, LF, tab ...)
// become spaces, so rendered values cannot add headers; printable ASCII
// stays as is; anything else is encoded as "=?UTF-8?B?...?=" words of at most
// 75 characters, folded onto continuation lines.
std::string EncodeHeaderText(std::string_view text);

// The message `channel` (an smtp channel) sends for `event`: Date (event.at),
// From, To, Subject, Message-ID, MIME-Version, Content-Type text/plain UTF-8,
// X-Hawk-Event, a blank line and the body, every line ended by CRLF.
std::string BuildMailMessage(const Channel& channel, const SmtpChannel& smtp,
                             const NotifyEvent& event);

}  // namespace hawk::notify
