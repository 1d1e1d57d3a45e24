# The layering of cmake/layers.txt, enforced by the compiler.
#
# lib/ as an include root would let any file include any folder. Instead
# each layer under lib/ gets a folder of its own in the build tree,
#   <build>/layers/<layer>/<folder> -> lib/<folder>
# holding links to its own folder and to the folders of every layer it may
# reach (the table's edges, followed through, since a header it includes may
# include the layers below). A layer's target has only that folder as its
# include root, so an upward or sideways include is "No such file or
# directory". scripts/check-includes checks the exact edges.

set(CDMA_LAYERS_TABLE ${CMAKE_CURRENT_LIST_DIR}/layers.txt)
set(CDMA_LAYERS_DIR ${PROJECT_BINARY_DIR}/layers)
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CDMA_LAYERS_TABLE})

# A layer's name to the lib/ folder that holds it (codecs/registry -> codecs).
function(_cdma_layer_folder layer out)
  string(REGEX REPLACE "/.*" "" folder "${layer}")
  set(${out} ${folder} PARENT_SCOPE)
endfunction()

file(STRINGS ${CDMA_LAYERS_TABLE} _rows REGEX "^[a-z]")
set(_cdma_layers "")
foreach(row IN LISTS _rows)
  string(REGEX REPLACE "[ \t]+" ";" fields "${row}")
  list(GET fields 1 layer)
  list(SUBLIST fields 3 -1 deps)
  list(REMOVE_ITEM deps "-")
  list(APPEND _cdma_layers ${layer})
  set(_cdma_deps_${layer} ${deps})
endforeach()

# The layers `layer` reaches through any chain of allowed includes.
function(_cdma_layer_reach layer out)
  set(seen ${layer})
  set(todo ${layer})
  while(todo)
    list(POP_FRONT todo l)
    foreach(d IN LISTS _cdma_deps_${l})
      if(NOT d IN_LIST seen)
        list(APPEND seen ${d})
        list(APPEND todo ${d})
      endif()
    endforeach()
  endwhile()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${CDMA_LAYERS_DIR})
foreach(layer IN LISTS _cdma_layers)
  _cdma_layer_folder(${layer} own)
  if(NOT layer STREQUAL own OR NOT IS_DIRECTORY ${PROJECT_SOURCE_DIR}/lib/${own})
    continue()  # part of another folder's layer, or a front end outside lib/
  endif()
  _cdma_layer_reach(${layer} reach)
  foreach(l IN LISTS reach)
    _cdma_layer_folder(${l} folder)
    if(NOT EXISTS ${CDMA_LAYERS_DIR}/${layer}/${folder})
      file(MAKE_DIRECTORY ${CDMA_LAYERS_DIR}/${layer})
      file(CREATE_LINK ${PROJECT_SOURCE_DIR}/lib/${folder} ${CDMA_LAYERS_DIR}/${layer}/${folder} SYMBOLIC)
    endif()
  endforeach()
endforeach()

# Gives `target` the include root of `layer` (a folder of lib/): PRIVATE for
# the library's object layers, PUBLIC for a tool library whose users include
# its headers.
function(cdma_layer_includes target scope layer)
  if(NOT IS_DIRECTORY ${CDMA_LAYERS_DIR}/${layer})
    message(FATAL_ERROR "cmake/layers.txt has no folder layer named ${layer}")
  endif()
  target_include_directories(${target} ${scope} ${CDMA_LAYERS_DIR}/${layer})
endfunction()
