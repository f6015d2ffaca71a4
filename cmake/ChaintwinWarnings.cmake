# Warning flags for our own targets only (never for third-party code).
function(ct_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  # GCC 12 reports false -Wrestrict (and -Wstringop-overflow) positives inside libstdc++'s
  # std::string at -O2/-O3 (GCC bug 105329); they are not about our code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict -Wno-stringop-overflow)
  endif()
  # Under ASan/UBSan instrumentation GCC reports -Wmaybe-uninitialized inside libstdc++
  # (std::function in std::regex); the sanitizers themselves check for real ones.
  if(CHAINTWIN_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  if(CHAINTWIN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
