#include "notify/address.h"

namespace hawk::notify {

Result<std::string> MailAddress(std::string_view mailbox) {
  for (const char c : mailbox) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return InvalidArgument("control character in e-mail address");
    }
  }
  std::string_view address = mailbox;
  const std::size_t open = mailbox.find('<');
  if (open != std::string_view::npos) {
    const std::size_t close = mailbox.find('>', open);
    if (close == std::string_view::npos || close + 1 != mailbox.size()) {
      return InvalidArgument("'" + std::string(mailbox) + "' is not an e-mail address", {},
                             "write name@example.com or Name <name@example.com>");
    }
    address = mailbox.substr(open + 1, close - open - 1);
  }
  const std::size_t at = address.rfind('@');
  bool valid = at != std::string_view::npos && at > 0 && at + 1 < address.size();
  for (const char c : address) {
    valid = valid && c != ' ' && c != '\t' && c != '<' && c != '>' && c != ',';
  }
  if (!valid) {
    return InvalidArgument("'" + std::string(mailbox) + "' is not an e-mail address", {},
                           "write name@example.com or Name <name@example.com>");
  }
  return std::string(address);
}

}  // namespace hawk::notify
