# radlens_set_warnings(target): warnings for our own code only; third-party
# headers are pulled in as SYSTEM includes by their imported targets.
function(radlens_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
    if(RADLENS_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
