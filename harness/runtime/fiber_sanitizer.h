// Tells AddressSanitizer and ThreadSanitizer about fiber switches, so that stacks switched by
// Boost.Context (and exceptions unwinding on them) are not mistaken for corruption or races.
// Compiles to nothing in builds without a sanitizer.
#ifndef LOCKSTEP_HARNESS_RUNTIME_FIBER_SANITIZER_H_
#define LOCKSTEP_HARNESS_RUNTIME_FIBER_SANITIZER_H_

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace lockstep::harness::fiber_sanitizer {

// Before switching to a stack [bottom, bottom + size). `fake_stack_save` keeps the leaving
// context's fake stack; null when the leaving fiber ends for good.
inline void StartSwitch(void** fake_stack_save, const void* bottom, size_t size) {
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_start_switch_fiber(fake_stack_save, bottom, size);
#else
  (void)fake_stack_save, (void)bottom, (void)size;
#endif
}

// Right after arriving on a stack; reports the stack that was left when `old_bottom` is given.
inline void FinishSwitch(void* fake_stack_save, const void** old_bottom, size_t* old_size) {
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_finish_switch_fiber(fake_stack_save, old_bottom, old_size);
#else
  (void)fake_stack_save, (void)old_bottom, (void)old_size;
#endif
}

inline void* CurrentTsanFiber() {
#if defined(__SANITIZE_THREAD__)
  return __tsan_get_current_fiber();
#else
  return nullptr;
#endif
}
inline void* CreateTsanFiber() {
#if defined(__SANITIZE_THREAD__)
  return __tsan_create_fiber(0);
#else
  return nullptr;
#endif
}
inline void DestroyTsanFiber(void* fiber) {
#if defined(__SANITIZE_THREAD__)
  if (fiber != nullptr) __tsan_destroy_fiber(fiber);
#else
  (void)fiber;
#endif
}
inline void SwitchTsanFiber(void* fiber) {
#if defined(__SANITIZE_THREAD__)
  __tsan_switch_to_fiber(fiber, 0);
#else
  (void)fiber;
#endif
}

}  // namespace lockstep::harness::fiber_sanitizer

#endif  // LOCKSTEP_HARNESS_RUNTIME_FIBER_SANITIZER_H_
