#include "engine/recovery.h"

#include <algorithm>
#include <set>
#include <utility>

#include "engine/backoff.h"

namespace hawk::engine {
namespace {

std::string Join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string Quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

bool IsRetryKind(std::optional<RecoveryStrategy> s) {
  return s == RecoveryStrategy::kRetry || s == RecoveryStrategy::kReassign ||
         s == RecoveryStrategy::kCheckpoint;
}

// Everything the strategies look at, derived once from the input.
class Walk {
 public:
  explicit Walk(const RecoveryInput& in) : in_(in), last_(in.history.back()) {
    for (const AttemptRecord& a : in.history) {
      if (IsRetryKind(a.started_by)) ++retries_used_;
      failed_workers_.insert(a.worker_id);
      if (a.alternate_index) tried_.insert(*a.alternate_index);
    }
    for (const std::string& w : in.candidate_workers) {
      if (!failed_workers_.contains(w)) other_workers_.insert(w);
    }
    const FailureKind kind = last_.failure.kind;
    device_related_ = IsDeviceRelated(kind);
    oom_ = kind == FailureKind::kOom;
    if (device_related_ || oom_) avoid_devices_ = last_.device_ids;
    repeat_reason_ = RepeatedDeterministicFailure();
  }

  std::uint32_t retries_used() const { return retries_used_; }

  // Why `s` does not apply, or nothing when it does (F3 included).
  std::optional<std::string> WhyNot(RecoveryStrategy s) const {
    switch (s) {
      case RecoveryStrategy::kRetry:
      case RecoveryStrategy::kReassign:
      case RecoveryStrategy::kCheckpoint:
        if (s == RecoveryStrategy::kCheckpoint && !in_.newest_checkpoint) {
          return "no checkpoint to restore";
        }
        if (retries_used_ >= in_.policy.max_retries) {
          return "retries exhausted (" + std::to_string(retries_used_) + " of " +
                 std::to_string(in_.policy.max_retries) + " used)";
        }
        if (repeat_reason_) return repeat_reason_;
        if (s == RecoveryStrategy::kReassign && other_workers_.empty()) {
          return "no other worker can take it (failed on " + Join(FailedWorkers()) + ")";
        }
        return std::nullopt;
      case RecoveryStrategy::kSkip:
        if (in_.criticality == Criticality::kCritical) return "a critical task cannot be skipped";
        return std::nullopt;
      case RecoveryStrategy::kAlternate:
        if (in_.alternates.empty()) return "the task has no alternates";
        if (!NextAlternate()) {
          return "no alternates left (" + std::to_string(tried_.size()) + " tried)";
        }
        return std::nullopt;
      case RecoveryStrategy::kEscalate: return std::nullopt;
    }
    return "unknown strategy";
  }

  // F2: an untried alternate that needs less memory than what just failed.
  std::optional<std::size_t> LowerMemoryAlternate() const {
    HardwareClass cur_class = in_.device_class;
    std::optional<Bytes> cur_memory = in_.memory_per_device_bytes;
    if (last_.alternate_index) {
      const AlternateOption& cur = in_.alternates[*last_.alternate_index];
      cur_class = cur.device_class;
      cur_memory = cur.memory_per_device_bytes;
    }
    for (std::size_t i = 0; i < in_.alternates.size(); ++i) {
      if (tried_.contains(i)) continue;
      const AlternateOption& alt = in_.alternates[i];
      if (alt.device_class != cur_class) return i;
      if (alt.memory_per_device_bytes && cur_memory && *alt.memory_per_device_bytes < *cur_memory) {
        return i;
      }
    }
    return std::nullopt;
  }

  std::optional<std::size_t> NextAlternate() const {
    if (oom_) {
      if (auto lower = LowerMemoryAlternate()) return lower;
    }
    for (std::size_t i = 0; i < in_.alternates.size(); ++i) {
      if (!tried_.contains(i)) return i;
    }
    return std::nullopt;
  }

  bool LaterApplies(RecoveryStrategy s, std::size_t after) const {
    const auto& list = in_.policy.strategies;
    return std::find(list.begin() + static_cast<std::ptrdiff_t>(after) + 1, list.end(), s) !=
               list.end() &&
           !WhyNot(s);
  }

  // F1/F2: the strategy to take instead of `s` at position `index`, with why.
  std::optional<std::pair<RecoveryStrategy, std::string>> Preferred(RecoveryStrategy s,
                                                                    std::size_t index) const {
    const bool retry_like = s == RecoveryStrategy::kRetry || s == RecoveryStrategy::kReassign;
    if (oom_ && retry_like && LaterApplies(RecoveryStrategy::kAlternate, index)) {
      if (auto alt = LowerMemoryAlternate()) {
        return std::pair{
            RecoveryStrategy::kAlternate,
            "out of memory: alternate " + Quoted(in_.alternates[*alt].name) + " needs less memory"};
      }
    }
    if (s == RecoveryStrategy::kRetry && (device_related_ || oom_) &&
        LaterApplies(RecoveryStrategy::kReassign, index)) {
      return std::pair{RecoveryStrategy::kReassign,
                       std::string(oom_ ? "out of memory" : "device-related failure") +
                           ": another worker preferred"};
    }
    return std::nullopt;
  }

  RecoveryAction Build(RecoveryStrategy s, Rng& rng, const std::string& escalate_reason) const {
    switch (s) {
      case RecoveryStrategy::kRetry: {
        RetryAction a;
        a.delay = BackoffDelay(in_.policy.backoff, retries_used_, rng);
        a.worker_id = last_.worker_id;
        const bool still_there =
            std::find(in_.candidate_workers.begin(), in_.candidate_workers.end(),
                      last_.worker_id) != in_.candidate_workers.end();
        if (last_.failure.kind == FailureKind::kConnectionError && still_there) {
          a.affinity = WorkerAffinity::kSameWorker;
        }
        a.avoid_devices = avoid_devices_;
        return a;
      }
      case RecoveryStrategy::kReassign:
        return ReassignAction{BackoffDelay(in_.policy.backoff, retries_used_, rng),
                              FailedWorkers()};
      case RecoveryStrategy::kSkip:
        return SkipAction{"task " + Quoted(in_.task_id) + " skipped after " + AttemptsText() +
                          ": " + last_.failure.reason};
      case RecoveryStrategy::kAlternate: {
        const std::size_t index = *NextAlternate();
        return UseAlternateAction{index, in_.alternates[index].name,
                                  BackoffDelay(in_.policy.backoff, 0, rng)};
      }
      case RecoveryStrategy::kCheckpoint:
        return RestoreCheckpointAction{*in_.newest_checkpoint,
                                       BackoffDelay(in_.policy.backoff, retries_used_, rng),
                                       last_.worker_id, avoid_devices_};
      case RecoveryStrategy::kEscalate: break;
    }
    return EscalateAction{escalate_reason, in_.history};
  }

  std::string EscalateReason(const std::vector<PassedOver>& passed, bool by_policy) const {
    std::string out = "task " + Quoted(in_.task_id) + " failed (" + last_.failure.reason +
                      ") after " + AttemptsText() + "; ";
    if (in_.policy.strategies.empty()) return out + "the policy lists no strategies";
    std::vector<std::string> parts;
    parts.reserve(passed.size());
    for (const PassedOver& p : passed) {
      parts.push_back(std::string(hawk::ToString(p.strategy)) + ": " + p.reason);
    }
    if (parts.empty()) return out + "the policy escalates";
    out += by_policy ? "the policy escalates after " : "all strategies exhausted: ";
    return out + Join(parts, "; ");
  }

 private:
  std::vector<std::string> FailedWorkers() const {
    return {failed_workers_.begin(), failed_workers_.end()};
  }

  std::string AttemptsText() const {
    const std::size_t n = in_.history.size();
    return std::to_string(n) + (n == 1 ? " attempt" : " attempts");
  }

  // F3: the same deterministic failure of this implementation on 2+ workers.
  std::optional<std::string> RepeatedDeterministicFailure() const {
    const Classification& f = last_.failure;
    if (f.nature != FailureNature::kDeterministic) return std::nullopt;
    std::set<std::string> workers;
    for (const AttemptRecord& a : in_.history) {
      if (a.alternate_index == last_.alternate_index && a.failure.kind == f.kind &&
          a.failure.nature == f.nature && a.failure.exit_code == f.exit_code &&
          a.failure.signal == f.signal) {
        workers.insert(a.worker_id);
      }
    }
    if (workers.size() < 2) return std::nullopt;
    return "failed the same way (" + f.reason + ") on " + Join({workers.begin(), workers.end()}) +
           ": likely a bug in the task";
  }

  const RecoveryInput& in_;
  const AttemptRecord& last_;
  std::uint32_t retries_used_ = 0;
  std::set<std::string> failed_workers_;
  std::set<std::string> other_workers_;
  std::set<std::size_t> tried_;
  std::vector<std::string> avoid_devices_;
  bool device_related_ = false;
  bool oom_ = false;
  std::optional<std::string> repeat_reason_;
};

Status Validate(const RecoveryInput& in) {
  if (in.history.empty()) {
    return InvalidArgument("no attempt to recover from", "task " + Quoted(in.task_id),
                           "pass the failed attempt as the last entry of the history");
  }
  if (!in.history.back().failure.failed()) {
    return InvalidArgument("the last attempt succeeded; nothing to recover",
                           "task " + Quoted(in.task_id));
  }
  for (std::size_t i = 0; i < in.history.size(); ++i) {
    const auto& index = in.history[i].alternate_index;
    if (index && *index >= in.alternates.size()) {
      return InvalidArgument(
          "alternate index " + std::to_string(*index) + " out of range",
          "task " + Quoted(in.task_id) + " history[" + std::to_string(i) + "]",
          "the task has " + std::to_string(in.alternates.size()) + " alternates");
    }
  }
  return Ok();
}

}  // namespace

RecoveryInput RecoveryInputFor(const Task& task) {
  RecoveryInput in;
  in.task_id = task.id;
  in.policy = task.recovery;
  in.criticality = task.criticality;
  in.device_class = task.requirements.device_class;
  in.memory_per_device_bytes = task.requirements.memory_per_device_bytes;
  for (const Alternate& alt : task.alternates) {
    in.alternates.push_back(AlternateOption{alt.name, alt.requirements.device_class,
                                            alt.requirements.memory_per_device_bytes});
  }
  return in;
}

Result<RecoveryDecision> DecideRecovery(const RecoveryInput& input, Rng& rng) {
  if (Status ok = Validate(input); !ok) return tl::unexpected(ok.error());
  const Walk walk(input);
  RecoveryDecision decision;
  decision.retries_used = walk.retries_used();
  const auto& strategies = input.policy.strategies;
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    RecoveryStrategy s = strategies[i];
    if (s == RecoveryStrategy::kEscalate) {
      decision.strategy = s;
      decision.action = walk.Build(s, rng, walk.EscalateReason(decision.passed_over, true));
      return decision;
    }
    if (auto why = walk.WhyNot(s)) {
      decision.passed_over.push_back({s, *std::move(why)});
      continue;
    }
    if (auto preferred = walk.Preferred(s, i)) {
      decision.passed_over.push_back({s, std::move(preferred->second)});
      s = preferred->first;
    }
    decision.strategy = s;
    decision.action = walk.Build(s, rng, {});
    return decision;
  }
  decision.strategy = RecoveryStrategy::kEscalate;
  decision.action = walk.Build(RecoveryStrategy::kEscalate, rng,
                               walk.EscalateReason(decision.passed_over, false));
  return decision;
}

std::string RecoveryDecision::Summary() const {
  std::string out;
  std::vector<std::string> avoid;
  if (const auto* retry = std::get_if<RetryAction>(&action)) {
    out =
        "retry in " + FormatDuration(retry->delay) +
        (retry->affinity == WorkerAffinity::kSameWorker ? " on the same worker " + retry->worker_id
                                                        : " on any worker");
    for (const auto& d : retry->avoid_devices) avoid.push_back(retry->worker_id + "/" + d);
  } else if (const auto* reassign = std::get_if<ReassignAction>(&action)) {
    out = "reassign in " + FormatDuration(reassign->delay) + " excluding " +
          Join(reassign->excluded_workers);
  } else if (const auto* skip = std::get_if<SkipAction>(&action)) {
    out = "skip: " + skip->reason;
  } else if (const auto* alt = std::get_if<UseAlternateAction>(&action)) {
    out = "use alternate " + Quoted(alt->name) + " (#" + std::to_string(alt->alternate_index) +
          ") in " + FormatDuration(alt->delay);
  } else if (const auto* restore = std::get_if<RestoreCheckpointAction>(&action)) {
    out = "restore checkpoint " + Quoted(restore->checkpoint) + " in " +
          FormatDuration(restore->delay);
    for (const auto& d : restore->avoid_devices) avoid.push_back(restore->worker_id + "/" + d);
  } else if (const auto* escalate = std::get_if<EscalateAction>(&action)) {
    return "escalate: " + escalate->reason;
  }
  if (!avoid.empty()) out += " avoiding " + Join(avoid);
  if (!passed_over.empty()) {
    std::vector<std::string> parts;
    parts.reserve(passed_over.size());
    for (const PassedOver& p : passed_over) {
      parts.push_back(std::string(hawk::ToString(p.strategy)) + ": " + p.reason);
    }
    out += " (passed over " + Join(parts, "; ") + ")";
  }
  return out;
}

}  // namespace hawk::engine
