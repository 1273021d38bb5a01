#include "harness/runtime/fiber_stack_pool.h"

#include <sys/mman.h>
#include <unistd.h>

#include "harness/runtime/fiber_sanitizer.h"
#include "src/check.h"

#if defined(LOCKSTEP_FIBER_ASAN)
#include <sanitizer/asan_interface.h>
#endif

namespace lockstep::harness {

FiberStackPool::FiberStackPool(size_t stack_bytes) {
  page_bytes_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  stack_bytes_ = (stack_bytes + page_bytes_ - 1) / page_bytes_ * page_bytes_;
}

FiberStackPool::~FiberStackPool() {
  for (void* base : all_) munmap(base, stack_bytes_ + page_bytes_);
}

boost::context::stack_context FiberStackPool::Allocate() {
  void* base;
  if (!free_.empty()) {
    base = free_.back();
    free_.pop_back();
  } else {
    base = mmap(nullptr, stack_bytes_ + page_bytes_, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    LOCKSTEP_CHECK_MSG(base != MAP_FAILED, "cannot map a fiber stack");
    LOCKSTEP_CHECK(mprotect(base, page_bytes_, PROT_NONE) == 0);  // guard page at the low end
    all_.push_back(base);
  }
#if defined(LOCKSTEP_FIBER_ASAN)
  // A reused stack keeps the shadow of its last fiber's frames, and so does a fresh mapping at an
  // address another pool (another thread's) unmapped: ASan does not clear shadow on munmap. Clear
  // it, or this fiber's frames trip over stale redzones.
  ASAN_UNPOISON_MEMORY_REGION(static_cast<char*>(base) + page_bytes_, stack_bytes_);
#endif
  boost::context::stack_context sctx;
  sctx.size = stack_bytes_;
  sctx.sp = static_cast<char*>(base) + page_bytes_ + stack_bytes_;  // stacks grow down
  last_ = sctx;
  return sctx;
}

void FiberStackPool::Deallocate(boost::context::stack_context& sctx) {
  free_.push_back(static_cast<char*>(sctx.sp) - stack_bytes_ - page_bytes_);
}

}  // namespace lockstep::harness
