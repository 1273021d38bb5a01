// FiberStackPool: fixed-size fiber stacks with a guard page, mapped once and reused, so that a
// schedule costs no mmap. A stack overflow hits the guard page and faults instead of corrupting
// a neighbour.
#ifndef LOCKSTEP_HARNESS_RUNTIME_FIBER_STACK_POOL_H_
#define LOCKSTEP_HARNESS_RUNTIME_FIBER_STACK_POOL_H_

#include <cstddef>
#include <vector>

#include <boost/context/stack_context.hpp>

namespace lockstep::harness {

class FiberStackPool {
 public:
  explicit FiberStackPool(size_t stack_bytes);
  ~FiberStackPool();
  FiberStackPool(const FiberStackPool&) = delete;
  FiberStackPool& operator=(const FiberStackPool&) = delete;

  boost::context::stack_context Allocate();
  void Deallocate(boost::context::stack_context& sctx);
  // The stack handed out by the last Allocate (for sanitizer annotations).
  const boost::context::stack_context& last() const { return last_; }

 private:
  size_t stack_bytes_;  // usable bytes, page multiple
  size_t page_bytes_;
  std::vector<void*> free_;  // mapping bases (guard page first)
  std::vector<void*> all_;
  boost::context::stack_context last_{};
};

// The StackAllocator concept of Boost.Context over a pool (copyable handle).
class PooledStack {
 public:
  explicit PooledStack(FiberStackPool& pool) : pool_(&pool) {}
  boost::context::stack_context allocate() { return pool_->Allocate(); }
  void deallocate(boost::context::stack_context& sctx) noexcept { pool_->Deallocate(sctx); }

 private:
  FiberStackPool* pool_;
};

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_RUNTIME_FIBER_STACK_POOL_H_
