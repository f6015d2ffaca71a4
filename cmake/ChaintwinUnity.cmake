# Unity builds by directory (build time, docs/TESTING.md "How long the suite takes").
#
# ct_unity_by_directory(<target> <base-dir> <batch-size> [ALONE <file>...])
#   Compiles <target>'s sources in batches: the files of one directory (relative to <base-dir>),
#   in path order, <batch-size> to a batch, so the headers they share are parsed and their
#   templates instantiated once a batch instead of once a file. A batch never spans two
#   directories, so a file added elsewhere does not change which files share a batch here.
#   The files listed after ALONE (relative to <base-dir>) are compiled on their own.
#
#   Contract: names in anonymous namespaces and file-level statics must be unique among the
#   files of one directory (not only of one batch: a new file shifts the batches after it).
#   A clash is a compile error ("redefinition of ..."): rename one, or list the file ALONE.
#   The same source files in other targets of the calling directory share the batches.
function(ct_unity_by_directory target base batch)
  cmake_parse_arguments(PARSE_ARGV 3 arg "" "" "ALONE")
  get_target_property(sources ${target} SOURCES)
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
  foreach(source ${sources})
    file(RELATIVE_PATH relative ${base} ${source})
    if(relative IN_LIST arg_ALONE)
      continue()
    endif()
    get_filename_component(dir "${relative}" DIRECTORY)
    if(dir STREQUAL "")
      set(dir top)
    endif()
    string(MAKE_C_IDENTIFIER "${dir}" key)
    if(NOT DEFINED count_${key})
      set(count_${key} 0)
    endif()
    math(EXPR index "${count_${key}} / ${batch}")
    math(EXPR count_${key} "${count_${key}} + 1")
    if(index EQUAL 0)
      set(group "${dir}")
    else()
      set(group "${dir}_${index}")
    endif()
    set_source_files_properties(${source} PROPERTIES UNITY_GROUP "${group}")
  endforeach()
endfunction()
