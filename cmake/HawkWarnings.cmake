# Warnings and sanitizers applied to every hawk target through hawk_options.
add_library(hawk_options INTERFACE)
target_compile_options(hawk_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wimplicit-fallthrough)
if(HAWK_WERROR)
  target_compile_options(hawk_options INTERFACE -Werror)
endif()
if(HAWK_SANITIZE)
  set(_hawk_san -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer)
  target_compile_options(hawk_options INTERFACE ${_hawk_san})
  target_link_options(hawk_options INTERFACE ${_hawk_san})
endif()
