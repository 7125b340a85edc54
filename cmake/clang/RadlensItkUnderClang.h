// Force-included (-include) into every file when the compiler is clang.
//
// Debian's ITK 5.2 ships the compiler facts of GCC only:
// itk_compiler_detection.h stops with "Unsupported compiler" under clang. This
// header includes it once, first, while clang presents itself as GCC 10 (whose
// language features clang 14 has), then restores clang's own macros, so that
// the rest of the file (glibc, Qt, LibTorch, ITK's other headers) sees clang.
// The header's include guard keeps ITK's later includes of it from running it
// again. Files without ITK on their include path are untouched.
#if defined(__clang__) && defined(__cplusplus) && __has_include(<itk_compiler_detection.h>)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wbuiltin-macro-redefined"
#pragma push_macro("__clang__")
#pragma push_macro("__GNUC__")
#pragma push_macro("__GNUC_MINOR__")
#undef __clang__
#undef __GNUC__
#define __GNUC__ 10
#undef __GNUC_MINOR__
#define __GNUC_MINOR__ 2
#include <itk_compiler_detection.h>
#pragma pop_macro("__GNUC_MINOR__")
#pragma pop_macro("__GNUC__")
#pragma pop_macro("__clang__")
#pragma clang diagnostic pop
#endif
