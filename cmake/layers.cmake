# Layers of the core: one folder of src/ per layer, one static library per layer.
#
#   edgepost_layer(<folder> [DEPENDS <folder>...] [LIBRARIES <target>...] SOURCES <file>...)
#
# A layer may include its own headers and those of the layers it depends on, directly or through
# them, and nothing else: its include path is a directory of its own in the build tree holding a
# link to each folder it may see (build/<preset>/layers/<folder>/<seen folder> → src/<seen folder>).
# src/ itself is never on an include path, so `#include "machine/order_machine.h"` from a layer
# below the machine does not compile. A layer can only depend on layers declared before it, so
# the graph has no cycles.
set(EDGEPOST_LAYERS "" CACHE INTERNAL "")

function(_edgepost_link_folders directory)
  file(MAKE_DIRECTORY "${directory}")
  foreach(folder IN LISTS ARGN)
    if(NOT EXISTS "${directory}/${folder}")
      file(CREATE_LINK "${CMAKE_SOURCE_DIR}/src/${folder}" "${directory}/${folder}" SYMBOLIC)
    endif()
  endforeach()
endfunction()

function(edgepost_layer folder)
  cmake_parse_arguments(LAYER "" "" "DEPENDS;LIBRARIES;SOURCES" ${ARGN})
  set(seen "${folder}")
  set(targets "")
  foreach(dependency IN LISTS LAYER_DEPENDS)
    if(NOT TARGET "edgepost_${dependency}")
      message(FATAL_ERROR "layer ${folder} depends on ${dependency}, which is not declared before it")
    endif()
    get_property(below GLOBAL PROPERTY "EDGEPOST_LAYER_SEES_${dependency}")
    list(APPEND seen ${below})
    list(APPEND targets "edgepost_${dependency}")
  endforeach()
  list(REMOVE_DUPLICATES seen)
  set_property(GLOBAL PROPERTY "EDGEPOST_LAYER_SEES_${folder}" "${seen}")

  add_library("edgepost_${folder}" STATIC ${LAYER_SOURCES})
  set(include_root "${CMAKE_BINARY_DIR}/layers/${folder}")
  _edgepost_link_folders("${include_root}" ${seen})
  target_include_directories("edgepost_${folder}" PRIVATE "${include_root}")
  target_link_libraries("edgepost_${folder}" PUBLIC ${targets} ${LAYER_LIBRARIES})
  target_compile_options("edgepost_${folder}" PRIVATE -Wall -Wextra -Wpedantic)
  set(EDGEPOST_LAYERS "${EDGEPOST_LAYERS};${folder}" CACHE INTERNAL "")
endfunction()

# A program on top of the core (the ABI, the tests, the bench) that includes headers of the given
# layers; each brings what it sees.
function(edgepost_layer_sees target)
  set(seen "")
  foreach(folder IN LISTS ARGN)
    get_property(below GLOBAL PROPERTY "EDGEPOST_LAYER_SEES_${folder}")
    list(APPEND seen ${below})
  endforeach()
  list(REMOVE_DUPLICATES seen)
  set(include_root "${CMAKE_BINARY_DIR}/layers/${target}")
  _edgepost_link_folders("${include_root}" ${seen})
  target_include_directories("${target}" PRIVATE "${include_root}")
endfunction()
