# HMAC-SHA256 and constant-time comparison come from libsodium, compiled into every build of the
# core (native, wasi, Emscripten) from Debian's source package, fetched with Debian's own client:
#   apt-get source --download-only libsodium=1.0.18-1+deb12u1
# apt checks what it fetches against the Sources index that Debian signs (bookworm, main), so the
# files are the ones Debian released; the upstream tarball is checked once more here, against the
# SHA-256 that index lists for it:
#   libsodium_1.0.18.orig.tar.gz
#   d59323c6b712a1519a5daf710b68f5e7fde57040845ffec53850911f10a5d4f4  1619527 bytes
# (Debian's one patch, +deb12u1, changes crypto_core_ed25519 only, which edgepost does not build.)
# apt-get source needs the machine's source entries (deb-src); scripts/setup enables them, for the
# archives the machine already uses, when they are missing. Nothing of libsodium is committed.
#
# Only four of its files are compiled: SHA-256 (the portable "cp" implementation, the only one
# libsodium has), HMAC-SHA256 on top of it, crypto_verify (which the HMAC file's verify function
# uses) and utils.c for sodium_memcmp / sodium_memzero. utils.c and the HMAC file refer to two
# functions of libsodium's runtime that edgepost never reaches; src/crypto/libsodium_runtime.c says so.
#
# Why in the module rather than the host's node:crypto: every call from the module into JavaScript
# and BoringSSL cost 3 us in V8 and 20-30 us per landing inside workerd; libsodium in the module
# signs a cookie in about 1.5 us (docs/PERFORMANCE.md).

set(LIBSODIUM_DEBIAN_VERSION "1.0.18-1+deb12u1")
set(LIBSODIUM_SHA256 "d59323c6b712a1519a5daf710b68f5e7fde57040845ffec53850911f10a5d4f4")
# Shared by all presets, so the source package is fetched once per checkout.
set(LIBSODIUM_DOWNLOADS "${CMAKE_CURRENT_SOURCE_DIR}/build/downloads" CACHE PATH "where Debian's source package is kept")
set(libsodium_tarball "${LIBSODIUM_DOWNLOADS}/libsodium_1.0.18.orig.tar.gz")
set(libsodium_root "${CMAKE_CURRENT_BINARY_DIR}/libsodium-1.0.18/src/libsodium")

if(NOT EXISTS "${libsodium_root}/crypto_verify/sodium/verify.c")
  if(NOT EXISTS "${libsodium_tarball}")
    file(MAKE_DIRECTORY "${LIBSODIUM_DOWNLOADS}")
    execute_process(COMMAND apt-get source --download-only "libsodium=${LIBSODIUM_DEBIAN_VERSION}"
                    WORKING_DIRECTORY "${LIBSODIUM_DOWNLOADS}" RESULT_VARIABLE fetched OUTPUT_VARIABLE fetch_log
                    ERROR_VARIABLE fetch_log)
    if(NOT fetched EQUAL 0 OR NOT EXISTS "${libsodium_tarball}")
      message(FATAL_ERROR "could not fetch Debian's libsodium ${LIBSODIUM_DEBIAN_VERSION} source package with "
                          "apt-get source (scripts/setup enables the machine's deb-src entries):\n${fetch_log}")
    endif()
  endif()
  file(SHA256 "${libsodium_tarball}" libsodium_actual)
  if(NOT libsodium_actual STREQUAL LIBSODIUM_SHA256)
    message(FATAL_ERROR "${libsodium_tarball} has SHA-256 ${libsodium_actual}, not ${LIBSODIUM_SHA256}")
  endif()
  file(ARCHIVE_EXTRACT INPUT "${libsodium_tarball}" DESTINATION "${CMAKE_CURRENT_BINARY_DIR}"
       PATTERNS "libsodium-1.0.18/src/libsodium/include/*"
                "libsodium-1.0.18/src/libsodium/sodium/utils.c"
                "libsodium-1.0.18/src/libsodium/crypto_hash/sha256/cp/*"
                "libsodium-1.0.18/src/libsodium/crypto_auth/hmacsha256/*"
                "libsodium-1.0.18/src/libsodium/crypto_verify/sodium/*")
endif()

add_library(libsodium_hmac STATIC
  "${libsodium_root}/crypto_hash/sha256/cp/hash_sha256_cp.c"
  "${libsodium_root}/crypto_auth/hmacsha256/auth_hmacsha256.c"
  "${libsodium_root}/crypto_verify/sodium/verify.c"
  "${libsodium_root}/sodium/utils.c"
  src/crypto/libsodium_runtime.c
)
target_include_directories(libsodium_hmac SYSTEM PUBLIC "${libsodium_root}/include")
target_include_directories(libsodium_hmac PRIVATE "${libsodium_root}/include/sodium")
# What libsodium's configure would have found on these (little-endian) targets.
target_compile_definitions(libsodium_hmac PRIVATE CONFIGURED=1 NATIVE_LITTLE_ENDIAN=1)
if(CMAKE_SYSTEM_PROCESSOR STREQUAL "wasm32" AND NOT EMSCRIPTEN)
  # wasi-libc's <signal.h> refuses to be included without this; utils.c calls none of it.
  target_compile_definitions(libsodium_hmac PRIVATE _WASI_EMULATED_SIGNAL)
endif()
target_compile_options(libsodium_hmac PRIVATE -w)
