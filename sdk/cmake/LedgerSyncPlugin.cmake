# ledgersync_add_plugin(<target> MANIFEST <manifest.json> SOURCES <src>... [OUTPUT_DIR <dir>]
#                       [INSTALL_DIR <dir>] [NO_INSTALL])
#
# Builds a ledgersync plugin the way the host expects to find it: a shared module named after
# the manifest's "id" (<id>.so) with its manifest copied beside it as <id>.manifest.json.
# The plugin links only LedgerSync::SDK; symbols are hidden except the entry point.
# Used for the built-in plugins too, so they are built exactly as a partner's would be.
include_guard(GLOBAL)

function(ledgersync_add_plugin target)
    cmake_parse_arguments(PLUGIN "NO_INSTALL" "MANIFEST;OUTPUT_DIR;INSTALL_DIR" "SOURCES" ${ARGN})
    if(NOT PLUGIN_MANIFEST)
        message(FATAL_ERROR "ledgersync_add_plugin(${target}): MANIFEST <file> is required")
    endif()
    get_filename_component(manifest "${PLUGIN_MANIFEST}" ABSOLUTE)
    file(READ "${manifest}" manifest_text)
    string(JSON plugin_id ERROR_VARIABLE json_error GET "${manifest_text}" id)
    if(json_error)
        message(FATAL_ERROR "ledgersync_add_plugin(${target}): ${manifest} has no \"id\": ${json_error}")
    endif()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${manifest}")

    add_library(${target} MODULE ${PLUGIN_SOURCES})
    target_link_libraries(${target} PRIVATE LedgerSync::SDK)
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
    add_custom_command(TARGET ${target} POST_BUILD
        COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${manifest}" "${manifest_out}"
        COMMENT "Placing the manifest of plugin '${plugin_id}' beside its library")

    if(NOT PLUGIN_NO_INSTALL)
        if(NOT PLUGIN_INSTALL_DIR)
            set(PLUGIN_INSTALL_DIR "${LEDGERSYNC_PLUGIN_INSTALL_DIR}")
        endif()
        install(TARGETS ${target} LIBRARY DESTINATION "${PLUGIN_INSTALL_DIR}" COMPONENT plugins)
        install(FILES "${manifest}" DESTINATION "${PLUGIN_INSTALL_DIR}"
            RENAME "${plugin_id}.manifest.json" COMPONENT plugins)
    endif()
endfunction()
