#include "engine/failure.h"

#include <utility>
#include <vector>

namespace hawk::engine {
namespace {

struct Word {
  std::string lower;
  std::size_t offset = 0;  // byte offset of the word in the text
};

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool IsLower(char c) {
  return c >= 'a' && c <= 'z';
}
char ToLower(char c) {
  return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

// Splits at non-alphanumerics and at camelCase boundaries: "aB" -> a|B and
// "ABc" -> A|Bc, so "OOMKilled" -> OOM|Killed.
std::vector<Word> SplitWords(std::string_view text) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!IsAlnum(text[i])) {
      ++i;
      continue;
    }
    Word word;
    word.offset = i;
    word.lower.push_back(ToLower(text[i]));
    ++i;
    while (i < text.size() && IsAlnum(text[i])) {
      const char prev = text[i - 1];
      const char cur = text[i];
      const bool next_lower = i + 1 < text.size() && IsLower(text[i + 1]);
      if ((IsLower(prev) && IsUpper(cur)) || (IsUpper(prev) && IsUpper(cur) && next_lower)) break;
      word.lower.push_back(ToLower(cur));
      ++i;
    }
    words.push_back(std::move(word));
  }
  return words;
}

std::vector<std::string> PhraseWords(std::string_view phrase) {
  std::vector<std::string> out;
  for (Word& w : SplitWords(phrase)) out.push_back(std::move(w.lower));
  return out;
}

// Offset of the last occurrence of `phrase` as consecutive words.
std::optional<std::size_t> MatchLast(const std::vector<Word>& words,
                                     const std::vector<std::string>& phrase) {
  if (phrase.empty() || phrase.size() > words.size()) return std::nullopt;
  for (std::size_t start = words.size() - phrase.size() + 1; start-- > 0;) {
    bool all = true;
    for (std::size_t k = 0; k < phrase.size() && all; ++k) {
      all = words[start + k].lower == phrase[k];
    }
    if (all) return words[start].offset;
  }
  return std::nullopt;
}

struct PatternGroup {
  FailureKind kind;
  std::vector<std::vector<std::string>> phrases;
};

PatternGroup MakeGroup(FailureKind kind, std::initializer_list<std::string_view> phrases) {
  PatternGroup group{kind, {}};
  for (std::string_view p : phrases) group.phrases.push_back(PhraseWords(p));
  return group;
}

// In precedence order (failure.h, rule 5).
const std::vector<PatternGroup>& LogPatterns() {
  static const std::vector<PatternGroup> groups = {
      MakeGroup(FailureKind::kOom,
                {"out of memory", "OOM", "cannot allocate memory", "bad_alloc", "ENOMEM",
                 "cudaErrorMemoryAllocation", "CUBLAS_STATUS_ALLOC_FAILED", "unable to allocate",
                 "failed to allocate memory"}),
      MakeGroup(FailureKind::kCudaError,
                {"CUDA error", "CUDA driver error", "CUDA runtime error", "CUDA failure",
                 "illegal memory access", "illegal address", "unspecified launch failure",
                 "NCCL error", "NCCL system error", "NCCL internal error", "NCCL unhandled",
                 "NCCL remote error", "Xid", "CUBLAS_STATUS", "CUDNN_STATUS"}),
      MakeGroup(
          FailureKind::kDeviceError,
          {"fallen off the bus", "uncorrectable ECC", "ECC error", "hipError", "HSA_STATUS_ERROR",
           "ZE_RESULT_ERROR", "VK_ERROR_DEVICE_LOST", "GPU hang", "GPU reset", "ring gfx timeout"}),
      MakeGroup(FailureKind::kBrowserContextLost,
                {"GPUDevice was lost", "device lost", "device was lost", "context lost",
                 "context was lost"}),
      MakeGroup(FailureKind::kConnectionError,
                {"connection refused", "connection reset", "ECONNRESET", "ECONNREFUSED",
                 "broken pipe", "EPIPE", "connection timed out", "connect timed out",
                 "read timed out", "ETIMEDOUT", "connection aborted", "ECONNABORTED",
                 "network is unreachable", "ENETUNREACH", "no route to host", "EHOSTUNREACH",
                 "could not resolve host", "temporary failure in name resolution"}),
  };
  return groups;
}

constexpr int kSigKill = 9;
constexpr int kSigTerm = 15;
constexpr int kShellSignalBase = 128;  // a shell exits 128 + n when its child died of signal n

// The line around `offset`, trimmed and shortened for a one-line reason.
std::string LineAt(std::string_view text, std::size_t offset) {
  constexpr std::size_t kMaxChars = 120;
  std::size_t begin = text.rfind('\n', offset);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  std::size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(begin, end - begin);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  if (line.size() <= kMaxChars) return std::string(line);
  std::size_t cut = kMaxChars;
  // Do not split a UTF-8 sequence: back off over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return std::string(line.substr(0, cut)) + "...";
}

bool LineMentionsDevice(std::string_view line) {
  static const std::vector<std::vector<std::string>> device_words = {
      {"cuda"}, {"hip"}, {"gpu"}, {"device"}, {"cublas"}, {"cudnn"},
      {"rocm"}, {"tpu"}, {"hbm"}, {"vram"},   {"xla"},    {"npu"}};
  const std::vector<Word> words = SplitWords(line);
  for (const auto& w : device_words) {
    if (MatchLast(words, w)) return true;
  }
  return false;
}

Classification Make(FailureKind kind, std::string detail, const AttemptOutcome& outcome) {
  Classification c;
  c.kind = kind;
  c.nature = NatureOf(kind);
  c.reason = std::string(hawk::ToString(kind)) + ": " + std::move(detail);
  c.exit_code = outcome.exit_code;
  c.signal = outcome.signal;
  return c;
}

FailureNature SignalNature(int signal) {
  switch (signal) {
    case 4:
    case 6:
    case 7:
    case 8:
    case 11:  // ILL ABRT BUS FPE SEGV
      return FailureNature::kDeterministic;
    case 1:
    case 2:
    case 9:
    case 15:  // HUP INT KILL TERM: from outside
      return FailureNature::kTransient;
    default: return FailureNature::kUnknown;
  }
}

std::optional<Classification> ClassifyLog(const AttemptOutcome& outcome) {
  const std::string_view text = outcome.log_tail;
  const std::vector<Word> words = SplitWords(text);
  for (const PatternGroup& group : LogPatterns()) {
    std::optional<std::size_t> last;
    for (const auto& phrase : group.phrases) {
      const auto at = MatchLast(words, phrase);
      if (at && (!last || *at > *last)) last = at;
    }
    if (!last) continue;
    const std::string line = LineAt(text, *last);
    Classification c = Make(group.kind, "log says '" + line + "'", outcome);
    if (group.kind == FailureKind::kOom) c.device_memory = LineMentionsDevice(line);
    return c;
  }
  // The shell's "Killed" after a SIGKILL (directly, or as exit code 137 from a
  // shell) is the usual mark of the OOM killer.
  const bool sigkill = outcome.signal == kSigKill ||
                       (!outcome.signal && outcome.exit_code == kShellSignalBase + kSigKill);
  if (sigkill) {
    if (const auto at = MatchLast(words, {"killed"})) {
      return Make(FailureKind::kOom,
                  "SIGKILL and the log says '" + LineAt(text, *at) + "' (likely the OOM killer)",
                  outcome);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> FindWords(std::string_view text, std::string_view phrase) {
  return MatchLast(SplitWords(text), PhraseWords(phrase));
}

FailureNature NatureOf(FailureKind kind) {
  switch (kind) {
    case FailureKind::kNone: return FailureNature::kNone;
    case FailureKind::kExitCode: return FailureNature::kDeterministic;
    case FailureKind::kOom: return FailureNature::kResource;
    case FailureKind::kWorkerLost:
    case FailureKind::kConnectionError: return FailureNature::kTransient;
    case FailureKind::kDeviceError:
    case FailureKind::kCudaError:
    case FailureKind::kBrowserContextLost: return FailureNature::kDevice;
    case FailureKind::kSignal:
    case FailureKind::kTimeout:
    case FailureKind::kUnknown: return FailureNature::kUnknown;
  }
  return FailureNature::kUnknown;
}

bool IsDeviceRelated(FailureKind kind) {
  return NatureOf(kind) == FailureNature::kDevice;
}

std::string SignalName(int signal) {
  static constexpr std::array<std::pair<int, std::string_view>, 17> kNames = {{
      {1, "SIGHUP"},
      {2, "SIGINT"},
      {3, "SIGQUIT"},
      {4, "SIGILL"},
      {5, "SIGTRAP"},
      {6, "SIGABRT"},
      {7, "SIGBUS"},
      {8, "SIGFPE"},
      {9, "SIGKILL"},
      {10, "SIGUSR1"},
      {11, "SIGSEGV"},
      {12, "SIGUSR2"},
      {13, "SIGPIPE"},
      {14, "SIGALRM"},
      {15, "SIGTERM"},
      {24, "SIGXCPU"},
      {25, "SIGXFSZ"},
  }};
  for (const auto& [number, name] : kNames) {
    if (number == signal) return std::string(name);
  }
  return "signal " + std::to_string(signal);
}

Classification ClassifyOutcome(const AttemptOutcome& outcome) {
  if (outcome.worker_lost) {
    return Make(FailureKind::kWorkerLost, "the worker was lost during the attempt", outcome);
  }
  if (outcome.timed_out) {
    return Make(FailureKind::kTimeout, "the attempt ran past its timeout", outcome);
  }
  if (outcome.oom_killed) {
    return Make(FailureKind::kOom, "killed by the OOM killer", outcome);
  }
  if (outcome.device_error) {
    return Make(FailureKind::kDeviceError, "device reported '" + *outcome.device_error + "'",
                outcome);
  }
  const bool exited_zero = outcome.exit_code == 0 && !outcome.signal;
  if (exited_zero) {
    Classification c = Make(FailureKind::kNone, "succeeded", outcome);
    c.reason = "succeeded";
    return c;
  }
  if (auto from_log = ClassifyLog(outcome)) return *std::move(from_log);
  if (outcome.signal) {
    Classification c =
        Make(FailureKind::kSignal, "killed by " + SignalName(*outcome.signal), outcome);
    c.nature = SignalNature(*outcome.signal);
    return c;
  }
  if (outcome.exit_code) {
    const int code = *outcome.exit_code;
    std::string detail = "exited with code " + std::to_string(code);
    Classification c = Make(FailureKind::kExitCode, "", outcome);
    if (code > kShellSignalBase && code < kShellSignalBase + 64) {
      const int sig = code - kShellSignalBase;
      detail += " (128 + " + SignalName(sig) + ", killed under a shell)";
      if (sig == kSigKill || sig == kSigTerm) c.nature = FailureNature::kTransient;
    }
    c.reason = std::string(hawk::ToString(FailureKind::kExitCode)) + ": " + detail;
    return c;
  }
  return Make(FailureKind::kUnknown, "no exit code, signal or failure report", outcome);
}

}  // namespace hawk::engine
