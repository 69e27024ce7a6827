# clang targeting wasm32-wasi with Debian's pieces of wasi-sdk: wasi-libc (headers and libc.a
# under /usr/{include,lib}/wasm32-wasi), libc++/libc++abi (libc++-14-dev-wasm32) and the
# compiler-rt builtins (libclang-rt-14-dev-wasm32). --sysroot=/usr makes clang find all three.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_CXX_COMPILER clang++)
set(CMAKE_C_COMPILER clang)
set(CMAKE_CXX_COMPILER_TARGET wasm32-wasi)
set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
set(CMAKE_SYSROOT /usr)
set(CMAKE_EXECUTABLE_SUFFIX .wasm)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
