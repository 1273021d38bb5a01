// Tells AddressSanitizer and ThreadSanitizer about fiber switches, so that stacks switched by
// Boost.Context (and exceptions unwinding on them) are not mistaken for corruption or races.
// Compiles to nothing in builds without a sanitizer.
#ifndef LOCKSTEP_HARNESS_RUNTIME_FIBER_SANITIZER_H_
#define LOCKSTEP_HARNESS_RUNTIME_FIBER_SANITIZER_H_

#include <cstddef>

// GCC says which sanitizer is on with __SANITIZE_ADDRESS__ / __SANITIZE_THREAD__; clang 14 (the
// sanitizer presets' compiler) only through __has_feature. Without these, a clang build would
// switch fibers unannounced and ASan would report every fiber's frames as overflows.
#if defined(__SANITIZE_ADDRESS__)
#define LOCKSTEP_FIBER_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#define LOCKSTEP_FIBER_TSAN 1
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer) && !defined(LOCKSTEP_FIBER_ASAN)
#define LOCKSTEP_FIBER_ASAN 1
#endif
#if __has_feature(thread_sanitizer) && !defined(LOCKSTEP_FIBER_TSAN)
#define LOCKSTEP_FIBER_TSAN 1
#endif
#endif

#if defined(LOCKSTEP_FIBER_ASAN)
#include <sanitizer/common_interface_defs.h>
#endif
#if defined(LOCKSTEP_FIBER_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace lockstep::harness::fiber_sanitizer {

// Before switching to a stack [bottom, bottom + size). `fake_stack_save` keeps the leaving
// context's fake stack; null when the leaving fiber ends for good.
inline void StartSwitch(void** fake_stack_save, const void* bottom, size_t size) {
#if defined(LOCKSTEP_FIBER_ASAN)
  __sanitizer_start_switch_fiber(fake_stack_save, bottom, size);
#else
  (void)fake_stack_save, (void)bottom, (void)size;
#endif
}

// Right after arriving on a stack; reports the stack that was left when `old_bottom` is given.
inline void FinishSwitch(void* fake_stack_save, const void** old_bottom, size_t* old_size) {
#if defined(LOCKSTEP_FIBER_ASAN)
  __sanitizer_finish_switch_fiber(fake_stack_save, old_bottom, old_size);
#else
  (void)fake_stack_save, (void)old_bottom, (void)old_size;
#endif
}

inline void* CurrentTsanFiber() {
#if defined(LOCKSTEP_FIBER_TSAN)
  return __tsan_get_current_fiber();
#else
  return nullptr;
#endif
}
inline void* CreateTsanFiber() {
#if defined(LOCKSTEP_FIBER_TSAN)
  return __tsan_create_fiber(0);
#else
  return nullptr;
#endif
}
inline void DestroyTsanFiber(void* fiber) {
#if defined(LOCKSTEP_FIBER_TSAN)
  if (fiber != nullptr) __tsan_destroy_fiber(fiber);
#else
  (void)fiber;
#endif
}
inline void SwitchTsanFiber(void* fiber) {
#if defined(LOCKSTEP_FIBER_TSAN)
  __tsan_switch_to_fiber(fiber, 0);
#else
  (void)fiber;
#endif
}

}  // namespace lockstep::harness::fiber_sanitizer

#endif  // LOCKSTEP_HARNESS_RUNTIME_FIBER_SANITIZER_H_
