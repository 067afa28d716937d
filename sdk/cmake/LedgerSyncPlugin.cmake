# ledgersync_add_plugin(<target> MANIFEST <manifest.json> SOURCES <src>... [OUTPUT_DIR <dir>]
#                       [INSTALL_DIR <dir>] [NO_INSTALL] [NO_MANIFEST_CHECK])
#
# Builds a ledgersync plugin the way the host expects to find it: a shared module named after
# the manifest's "id" (<id>.so) with its manifest placed beside it as <id>.manifest.json.
# The plugin links only LedgerSync::SDK; symbols are hidden except the entry point.
# Used for the built-in plugins too, so they are built exactly as a partner's would be.
#
# The manifest is checked when CMake configures, so a mismatch fails the build instead of the
# host refusing the plugin at load time:
#   - "id", "kind" and "version" are required; the id is [a-z][a-z0-9_]*;
#   - "abi" is MAJOR.MINOR, of this SDK's major and no newer than it; leave it out and the SDK's
#     is filled in (a C++ plugin's descriptor always carries the ABI of the headers it was
#     compiled with, so for those it must be exactly the SDK's: the export macros check it);
#   - the id, kind and version given to LEDGERSYNC_CONNECTOR / LEDGERSYNC_MAPPER in the code are
#     checked against the manifest at compile time (static_assert).
# NO_MANIFEST_CHECK is for test fixtures whose manifest is wrong on purpose.
include_guard(GLOBAL)

# ledgersync_check_manifest(<manifest.json> <out-text-var> <out-id-var> <out-kind-var> <out-version-var>)
# Reads and checks a plugin manifest (see above); the text returned has "abi" filled in.
function(ledgersync_check_manifest manifest out_text out_id out_kind out_version)
    if(NOT DEFINED LEDGERSYNC_SDK_ABI)
        message(FATAL_ERROR "LEDGERSYNC_SDK_ABI is not set: use find_package(LedgerSyncSDK) before ledgersync_add_plugin()")
    endif()
    file(READ "${manifest}" text)
    string(JSON kind_of_root ERROR_VARIABLE json_error TYPE "${text}")
    if(json_error OR NOT kind_of_root STREQUAL "OBJECT")
        message(FATAL_ERROR "${manifest}: not a JSON object (${json_error}); a plugin manifest is an object with id, kind, version and abi")
    endif()
    foreach(key id kind version)
        string(JSON value ERROR_VARIABLE json_error GET "${text}" ${key})
        if(json_error OR value STREQUAL "")
            message(FATAL_ERROR "${manifest}: \"${key}\" is missing; a plugin manifest needs \"id\", \"kind\" and \"version\" (docs/sdk.md, \"The manifest\")")
        endif()
        set(manifest_${key} "${value}")
    endforeach()
    if(NOT manifest_id MATCHES "^[a-z][a-z0-9_]*$")
        message(FATAL_ERROR "${manifest}: \"id\": \"${manifest_id}\" is not a plugin id; use lower-case letters, digits and '_', starting with a letter")
    endif()
    if(NOT manifest_kind MATCHES "^(connector|mapper)$")
        message(FATAL_ERROR "${manifest}: \"kind\": \"${manifest_kind}\" is not a plugin kind; use \"connector\" or \"mapper\"")
    endif()
    string(JSON abi ERROR_VARIABLE json_error GET "${text}" abi)
    if(json_error)
        string(JSON text SET "${text}" abi "\"${LEDGERSYNC_SDK_ABI}\"")
    elseif(NOT abi MATCHES "^[0-9]+\\.[0-9]+$")
        message(FATAL_ERROR "${manifest}: \"abi\": \"${abi}\" is not an ABI version; write MAJOR.MINOR, e.g. \"${LEDGERSYNC_SDK_ABI}\" (the ABI of the SDK you build against), or leave \"abi\" out to have it filled in")
    else()
        string(REPLACE "." ";" abi_parts "${abi}")
        string(REPLACE "." ";" sdk_parts "${LEDGERSYNC_SDK_ABI}")
        list(GET abi_parts 0 abi_major)
        list(GET abi_parts 1 abi_minor)
        list(GET sdk_parts 0 sdk_major)
        list(GET sdk_parts 1 sdk_minor)
        # An older minor is legitimate only for a plugin written in C against that older layout;
        # the C++ export macros check that the manifest says exactly the SDK's ABI.
        if(NOT abi_major EQUAL sdk_major OR abi_minor GREATER sdk_minor)
            message(FATAL_ERROR "${manifest}: \"abi\": \"${abi}\" but this SDK builds ABI ${LEDGERSYNC_SDK_ABI} plugins, and the host refuses a library whose manifest disagrees with it; set \"abi\": \"${LEDGERSYNC_SDK_ABI}\" or leave it out to have it filled in")
        endif()
    endif()
    set(${out_text} "${text}" PARENT_SCOPE)
    set(${out_id} "${manifest_id}" PARENT_SCOPE)
    set(${out_kind} "${manifest_kind}" PARENT_SCOPE)
    set(${out_version} "${manifest_version}" PARENT_SCOPE)
endfunction()

function(ledgersync_add_plugin target)
    cmake_parse_arguments(PLUGIN "NO_INSTALL;NO_MANIFEST_CHECK" "MANIFEST;OUTPUT_DIR;INSTALL_DIR" "SOURCES" ${ARGN})
    if(NOT PLUGIN_MANIFEST)
        message(FATAL_ERROR "ledgersync_add_plugin(${target}): MANIFEST <file> is required")
    endif()
    get_filename_component(manifest "${PLUGIN_MANIFEST}" ABSOLUTE)
    if(PLUGIN_NO_MANIFEST_CHECK)
        # Test fixtures only: plugins whose manifest is wrong on purpose, for the host to refuse.
        file(READ "${manifest}" manifest_text)
        string(JSON plugin_id GET "${manifest_text}" id)
    else()
        ledgersync_check_manifest("${manifest}" manifest_text plugin_id plugin_kind plugin_version)
    endif()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${manifest}")
    # The checked manifest (abi filled in) is what is placed beside the library and installed.
    set(checked_manifest "${CMAKE_CURRENT_BINARY_DIR}/ledgersync_manifests/${plugin_id}.manifest.json")
    set(previous "")
    if(EXISTS "${checked_manifest}")
        file(READ "${checked_manifest}" previous)
    endif()
    if(NOT previous STREQUAL "${manifest_text}\n")  # rewritten only when it changed
        file(WRITE "${checked_manifest}" "${manifest_text}\n")
    endif()

    add_library(${target} MODULE ${PLUGIN_SOURCES})
    target_link_libraries(${target} PRIVATE LedgerSync::SDK)
    if(NOT PLUGIN_NO_MANIFEST_CHECK)
        # LEDGERSYNC_CONNECTOR / LEDGERSYNC_MAPPER check the code's id, kind, version and ABI
        # against these.
        string(JSON plugin_abi GET "${manifest_text}" abi)
        target_compile_definitions(${target} PRIVATE
            LEDGERSYNC_MANIFEST_ID="${plugin_id}"
            LEDGERSYNC_MANIFEST_KIND="${plugin_kind}"
            LEDGERSYNC_MANIFEST_VERSION="${plugin_version}"
            LEDGERSYNC_MANIFEST_ABI="${plugin_abi}")
    endif()
    set_target_properties(${target} PROPERTIES
        PREFIX ""
        OUTPUT_NAME "${plugin_id}"
        C_VISIBILITY_PRESET hidden
        CXX_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON)
    if(PLUGIN_OUTPUT_DIR)
        set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${PLUGIN_OUTPUT_DIR}")
        set(manifest_out "${PLUGIN_OUTPUT_DIR}/${plugin_id}.manifest.json")
    else()
        set(manifest_out "${CMAKE_CURRENT_BINARY_DIR}/${plugin_id}.manifest.json")
    endif()
    # The copy runs after a link: a changed manifest relinks the library so that it is placed.
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${checked_manifest}")
    add_custom_command(TARGET ${target} POST_BUILD
        COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${checked_manifest}" "${manifest_out}"
        COMMENT "Placing the manifest of plugin '${plugin_id}' beside its library")

    if(NOT PLUGIN_NO_INSTALL)
        if(NOT PLUGIN_INSTALL_DIR)
            set(PLUGIN_INSTALL_DIR "${LEDGERSYNC_PLUGIN_INSTALL_DIR}")
        endif()
        install(TARGETS ${target} LIBRARY DESTINATION "${PLUGIN_INSTALL_DIR}" COMPONENT plugins)
        install(FILES "${checked_manifest}" DESTINATION "${PLUGIN_INSTALL_DIR}"
            RENAME "${plugin_id}.manifest.json" COMPONENT plugins)
    endif()
endfunction()
