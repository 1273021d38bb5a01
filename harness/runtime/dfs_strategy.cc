#include "harness/runtime/dfs_strategy.h"

#include <algorithm>

#include <fmt/format.h>

namespace lockstep::harness {
namespace {

bool Contains(const std::vector<ExecutionId>& v, ExecutionId e) {
  return std::find(v.begin(), v.end(), e) != v.end();
}

bool Sleeps(const std::vector<Candidate>& sleep, ExecutionId e) {
  return std::any_of(sleep.begin(), sleep.end(), [e](const Candidate& c) { return c.id == e; });
}

}  // namespace

void DfsStrategy::BeginSchedule(uint64_t) {
  depth_ = 0;
  abandoned_ = false;
}

bool DfsStrategy::IsPreemption(const Frame& f, ExecutionId choice) const {
  if (choice == f.running) return false;
  return std::any_of(f.enabled.begin(), f.enabled.end(),
                     [&f](const Candidate& c) { return c.id == f.running; });
}

bool DfsStrategy::Allowed(const Frame& f, ExecutionId choice) {
  if (bound_ < 0 || !IsPreemption(f, choice) || f.preemptions_before < bound_) return true;
  bound_pruned_ = true;
  return false;
}

std::vector<Candidate> DfsStrategy::ChildSleep(const Frame& parent,
                                               std::span<const Candidate> runnable) const {
  mocks::Op taken;
  for (const Candidate& c : parent.enabled) {
    if (c.id == parent.chosen) taken = c.op;
  }
  if (parent.chosen_global) taken = mocks::Op::Global();
  std::vector<Candidate> sleep;
  auto keep = [&](const Candidate& c) {
    if (c.id == parent.chosen || mocks::Dependent(c.op, taken) || Sleeps(sleep, c.id)) return;
    for (const Candidate& r : runnable) {
      if (r.id == c.id) sleep.push_back(r);  // still runnable, with the same next step
    }
  };
  for (const Candidate& c : parent.sleep) keep(c);
  for (const Candidate& c : parent.enabled) {
    if (Contains(parent.done, c.id)) keep(c);
  }
  return sleep;
}

size_t DfsStrategy::Pick(std::span<const Candidate> runnable, const PickContext& context) {
  if (depth_ > 0 && context.previous_step_global) frames_[depth_ - 1].chosen_global = true;
  if (depth_ < frames_.size()) {  // follow the recorded prefix
    Frame& f = frames_[depth_++];
    bool same = f.enabled.size() == runnable.size();
    for (size_t i = 0; same && i < runnable.size(); ++i) same = f.enabled[i].id == runnable[i].id;
    for (size_t i = 0; i < runnable.size(); ++i) {
      if (same && runnable[i].id == f.chosen) return i;
    }
    nondeterminism_ = fmt::format("decision {}: the runnable set changed on re-execution", depth_ - 1);
    abandoned_ = true;
    return kAbandon;
  }
  if (shard_count_ > 1 && depth_ == shard_depth_) {
    std::vector<ExecutionId> prefix;
    for (size_t i = 0; i < depth_; ++i) prefix.push_back(frames_[i].chosen);
    if (PrefixHash(prefix, depth_) % static_cast<uint64_t>(shard_count_) !=
        static_cast<uint64_t>(shard_index_)) {
      abandoned_ = true;  // another share's subtree
      return kAbandon;
    }
  }
  Frame f;
  f.enabled.assign(runnable.begin(), runnable.end());
  f.running = context.running;
  if (depth_ > 0) {
    const Frame& parent = frames_[depth_ - 1];
    if (reduce_) f.sleep = ChildSleep(parent, runnable);
    f.preemptions_before = parent.preemptions_before + (IsPreemption(parent, parent.chosen) ? 1 : 0);
  }
  // Prefer continuing the running execution (fewest preemptions first), then ascending ids.
  std::vector<ExecutionId> order;
  for (const Candidate& c : runnable) {
    if (c.id == f.running) order.insert(order.begin(), c.id);
    else order.push_back(c.id);
  }
  for (ExecutionId choice : order) {
    if (Sleeps(f.sleep, choice) || !Allowed(f, choice)) continue;
    f.chosen = choice;
    frames_.push_back(std::move(f));
    ++depth_;
    for (size_t i = 0; i < runnable.size(); ++i) {
      if (runnable[i].id == choice) return i;
    }
  }
  abandoned_ = true;  // every runnable execution sleeps (or is out of bound): redundant branch
  return kAbandon;
}

uint64_t DfsStrategy::PrefixHash(const std::vector<ExecutionId>& choices, size_t length) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < length && i < choices.size(); ++i) {
    h ^= static_cast<uint64_t>(choices[i]) + 0x9E3779B97F4A7C15ull;
    h *= 1099511628211ull;
    h ^= h >> 29;
  }
  return h;
}

bool DfsStrategy::Owns(const std::vector<ExecutionId>& choices) const {
  if (shard_count_ <= 1 || choices.size() > shard_depth_) return true;  // checked at the depth
  return PrefixHash(choices, choices.size()) % static_cast<uint64_t>(shard_count_) ==
         static_cast<uint64_t>(shard_index_);
}

bool DfsStrategy::NextSchedule() {
  frames_.resize(std::min(frames_.size(), depth_));
  while (!frames_.empty()) {
    Frame& f = frames_.back();
    f.done.push_back(f.chosen);
    f.chosen_global = false;
    std::vector<ExecutionId> order;
    for (const Candidate& c : f.enabled) {
      if (c.id == f.running) order.insert(order.begin(), c.id);
      else order.push_back(c.id);
    }
    for (ExecutionId choice : order) {
      if (Contains(f.done, choice) || Sleeps(f.sleep, choice) || !Allowed(f, choice)) continue;
      f.chosen = choice;
      return true;
    }
    frames_.pop_back();
  }
  exhausted_ = true;
  return false;
}

namespace {

constexpr int64_t kDfsStateVersion = 1;

void SaveCandidates(const std::vector<Candidate>& v, std::vector<int64_t>& out) {
  out.push_back(static_cast<int64_t>(v.size()));
  for (const Candidate& c : v) {
    out.push_back(c.id);
    out.push_back(static_cast<int64_t>(c.op.kind));
    out.push_back(c.op.write ? 1 : 0);
    out.push_back(static_cast<int64_t>(c.op.key));
  }
}

// Reads the list SaveState wrote; false at the first value out of place.
class StateReader {
 public:
  explicit StateReader(const std::vector<int64_t>& s) : s_(s) {}
  bool Next(int64_t& v) {
    if (at_ >= s_.size()) return false;
    v = s_[at_++];
    return true;
  }
  bool Count(size_t& n) {
    int64_t v = 0;
    if (!Next(v) || v < 0 || static_cast<uint64_t>(v) > s_.size()) return false;
    n = static_cast<size_t>(v);
    return true;
  }
  bool Candidates(std::vector<Candidate>& out) {
    size_t n = 0;
    if (!Count(n)) return false;
    for (size_t i = 0; i < n; ++i) {
      int64_t id = 0, kind = 0, write = 0, key = 0;
      if (!Next(id) || !Next(kind) || !Next(write) || !Next(key)) return false;
      if (kind < 0 || kind > static_cast<int64_t>(mocks::Op::Kind::kGlobal) || (write != 0 && write != 1)) return false;
      out.push_back(Candidate{static_cast<ExecutionId>(id),
                              mocks::Op{static_cast<mocks::Op::Kind>(kind), write == 1, static_cast<uint64_t>(key)}});
    }
    return true;
  }
  bool AtEnd() const { return at_ == s_.size(); }

 private:
  const std::vector<int64_t>& s_;
  size_t at_ = 0;
};

}  // namespace

std::vector<int64_t> DfsStrategy::SaveState() const {
  std::vector<int64_t> out{kDfsStateVersion, exhausted_ ? 1 : 0, bound_pruned_ ? 1 : 0,
                           static_cast<int64_t>(frames_.size())};
  for (const Frame& f : frames_) {
    SaveCandidates(f.enabled, out);
    SaveCandidates(f.sleep, out);
    out.push_back(static_cast<int64_t>(f.done.size()));
    out.insert(out.end(), f.done.begin(), f.done.end());
    out.push_back(f.running);
    out.push_back(f.chosen);
    out.push_back(f.chosen_global ? 1 : 0);
    out.push_back(f.preemptions_before);
  }
  return out;
}

bool DfsStrategy::RestoreState(const std::vector<int64_t>& state) {
  StateReader in(state);
  int64_t version = 0, exhausted = 0, bound_pruned = 0;
  size_t frames = 0;
  if (!in.Next(version) || version != kDfsStateVersion || !in.Next(exhausted) || !in.Next(bound_pruned) ||
      !in.Count(frames)) {
    return false;
  }
  std::vector<Frame> restored;
  for (size_t i = 0; i < frames; ++i) {
    Frame f;
    size_t done = 0;
    if (!in.Candidates(f.enabled) || !in.Candidates(f.sleep) || !in.Count(done)) return false;
    for (size_t d = 0; d < done; ++d) {
      int64_t id = 0;
      if (!in.Next(id)) return false;
      f.done.push_back(static_cast<ExecutionId>(id));
    }
    int64_t running = 0, chosen = 0, global = 0, preemptions = 0;
    if (!in.Next(running) || !in.Next(chosen) || !in.Next(global) || !in.Next(preemptions)) return false;
    f.running = static_cast<ExecutionId>(running);
    f.chosen = static_cast<ExecutionId>(chosen);
    f.chosen_global = global != 0;
    f.preemptions_before = static_cast<int>(preemptions);
    restored.push_back(std::move(f));
  }
  if (!in.AtEnd()) return false;
  frames_ = std::move(restored);
  depth_ = 0;
  exhausted_ = exhausted != 0;
  bound_pruned_ = bound_pruned != 0;
  abandoned_ = false;
  return true;
}

}  // namespace lockstep::harness
