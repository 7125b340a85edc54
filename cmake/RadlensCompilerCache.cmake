# ccache when present: a rebuild after a clean checkout reuses earlier objects.
if(RADLENS_USE_CCACHE)
    find_program(RADLENS_CCACHE ccache)
    if(RADLENS_CCACHE)
        set(CMAKE_C_COMPILER_LAUNCHER ${RADLENS_CCACHE})
        set(CMAKE_CXX_COMPILER_LAUNCHER ${RADLENS_CCACHE})
        message(STATUS "radlens: using ccache at ${RADLENS_CCACHE}")
    endif()
endif()
