# Warning flags for our own targets only (never for third-party code).
function(ct_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  if(CHAINTWIN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
