/*
 * ledgersync plugin ABI, version 1.
 *
 * This header is the binary contract between the ledgersync host and its plugins. It is plain C
 * (C99) so that a plugin built by any compiler, against any C++ standard library, loads in any
 * host of the same ABI major. Nothing of std::, no exception and no RTTI ever crosses it: data
 * crosses as UTF-8 JSON in byte views, errors cross as a status plus a message.
 *
 * Compatibility rules (see docs/sdk.md, "ABI versioning"):
 *  - A host of ABI major M loads only plugins of major M.
 *  - A host of minor y loads plugins of every minor x <= y. Structs and function tables only grow
 *    at their end within a major; every one of them starts with `struct_size`, and a reader must
 *    check it (LS_HAS_MEMBER) before touching a member added after 1.0.
 *  - The first three members of ls_plugin_descriptor (struct_size, abi_major, abi_minor) keep
 *    their layout in every major, so that a host can always refuse a plugin with a clear reason.
 *
 * Ownership: memory handed across is borrowed for the duration of the call unless a comment says
 * otherwise. Results travel back through an ls_output supplied by the caller, which copies what
 * it receives before returning; so neither side ever frees the other's memory.
 *
 * Threads (see docs/sdk.md, "Threads"). For each connector instance the host guarantees:
 *  - create returns before any other function of the instance is called, and destroy is called
 *    once, after every other call of the instance has returned, when none can start any more;
 *  - read and webhook are never called at the same time: the host serialises them, so state
 *    they share (a cursor cache, the time of the last change seen) needs no lock;
 *  - write may be called by several threads at once (the host's delivery workers), with
 *    batches of different objects (never two batches holding the same object at once), and at
 *    the same time as read, webhook, check and fetch: whatever write mutates needs a lock;
 *  - check and fetch may be called at any time, concurrently with anything;
 *  - webhook is never called on the thread that received the HTTP request: the host has
 *    stored the delivery and answered the sender already, so webhook may take its time (call
 *    the API, wait for rate budget) without the sender timing out.
 * A mapper's map may be called by several threads at once. The host's services
 * (ls_host_services) may be called from any thread.
 *
 * Plugin authors normally do not use this header directly: the C++ headers in ledgersync/sdk/
 * wrap it.
 */
#ifndef LEDGERSYNC_ABI_H
#define LEDGERSYNC_ABI_H

#include <stddef.h>
#include <stdint.h>

#define LS_ABI_MAJOR 1
#define LS_ABI_MINOR 2

/** Name of the one symbol every plugin exports. Its signature is ls_plugin_entry_fn. */
#define LS_PLUGIN_ENTRY_SYMBOL "ledgersync_plugin_entry"

#if defined(_WIN32)
#define LS_PLUGIN_EXPORT __declspec(dllexport)
#else
#define LS_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/** True when a struct of `size` bytes (its struct_size) is large enough to contain `member`. */
#define LS_SIZE_COVERS(size, type, member) ((size) >= offsetof(type, member) + sizeof(((type*)0)->member))
/** True when the struct behind `ptr` (of type `type`) is large enough to contain `member`. */
#define LS_HAS_MEMBER(ptr, type, member) ((ptr) != NULL && LS_SIZE_COVERS((ptr)->struct_size, type, member))

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Basic types
 * ------------------------------------------------------------------------------------------- */

/** A borrowed, not necessarily NUL-terminated run of bytes (UTF-8 text or JSON, unless noted). */
typedef struct ls_bytes {
    const char* data;
    size_t size;
} ls_bytes;

/** Status of a call across the boundary. The values are part of the ABI and never change. */
typedef int32_t ls_status;
enum {
    LS_STATUS_OK = 0,
    /** Try again later: network error, timeout, 5xx. The host retries with backoff. */
    LS_STATUS_TRANSIENT = 1,
    /** Throttled by the remote API; retry_after_ms says when to try again (0 = unknown). */
    LS_STATUS_RATE_LIMITED = 2,
    /** Credentials missing, expired or revoked: the host pauses the connection. */
    LS_STATUS_AUTH = 3,
    /** This record cannot be accepted as it is; the reason says why. Never retried blindly. */
    LS_STATUS_DATA = 4,
    /** Configuration or programming error: the host stops the route or refuses the plugin. */
    LS_STATUS_FATAL = 5,
    /** The function is not offered (by this host, this plugin, or not yet configured). */
    LS_STATUS_UNAVAILABLE = 6,
    /** The requested key, record or document does not exist. */
    LS_STATUS_NOT_FOUND = 7
};

/** Kinds of plugin. */
typedef int32_t ls_plugin_kind;
enum { LS_KIND_CONNECTOR = 1, LS_KIND_MAPPER = 2 };

/** Log levels for ls_host_services.log. */
typedef int32_t ls_log_level;
enum { LS_LOG_DEBUG = 0, LS_LOG_INFO = 1, LS_LOG_WARNING = 2, LS_LOG_ERROR = 3 };

/** Flags for ls_host_services.state_put. */
enum {
    /** Encrypt the value at rest and never log it (tokens, keys). */
    LS_STATE_SECRET = 1u << 0
};

/** Opaque per-instance context the host hands to a plugin at creation. */
typedef struct ls_host_context ls_host_context;
/** Opaque plugin instance (one per configured connection or mapper step). */
typedef struct ls_instance ls_instance;

/**
 * Where a callee writes its result. The caller owns it and copies every byte it receives before
 * the call returns. All functions may be called any number of times, in any order.
 */
typedef struct ls_output {
    uint32_t struct_size;
    /** Caller's state; pass it back as the first argument of the functions below. */
    void* slot;
    /** Append bytes to the result payload (JSON unless the call documents otherwise). */
    void (*append)(void* slot, ls_bytes bytes);
    /** Explain a non-OK status: a message for humans and, for RATE_LIMITED, when to retry. */
    void (*fail)(void* slot, ls_status status, ls_bytes message, int64_t retry_after_ms);
    /** Attach a named attribute to the result (e.g. "content_type" of a fetched document). */
    void (*attribute)(void* slot, ls_bytes name, ls_bytes value);
} ls_output;

/** One HTTP header. */
typedef struct ls_header {
    ls_bytes name;
    ls_bytes value;
} ls_header;

/**
 * An HTTP request: one the plugin asks the host to send (http_send), or an incoming webhook the
 * host hands to a connector (in which case url is the path with its query string).
 */
typedef struct ls_http_request {
    uint32_t struct_size;
    ls_bytes method;
    ls_bytes url;
    const ls_header* headers;
    size_t header_count;
    /** Raw body bytes; may contain any byte value. */
    ls_bytes body;
    /** Whole-exchange timeout; 0 means the host's default. */
    uint32_t timeout_ms;
    /**
     * Name of the rate-limit budget this call spends, among those the connector declared in its
     * manifest (e.g. "batch"); empty means the connection's default budget.
     */
    ls_bytes budget;
    /**
     * ABI 1.2. How many requests this call counts as in the budgets that `budget` also spends,
     * for an API that counts a batch by its items: a QBO batch of 30 items is one call of the
     * "batch" budget and 30 of the "default" one. The budget named by `budget` itself counts the
     * call once. 0 (and every plugin older than 1.2) means 1.
     */
    uint32_t cost;
} ls_http_request;

/** Receives an HTTP response from the host's HTTP service. */
typedef struct ls_http_response_sink {
    uint32_t struct_size;
    void* slot;
    /**
     * The status line arrived. `classified` is the host's reading of it (OK for 2xx, TRANSIENT for
     * 5xx, RATE_LIMITED for 429 with retry_after_ms from Retry-After, AUTH for 401, DATA for other
     * 4xx); the plugin may refine it from the body.
     */
    void (*status)(void* slot, int32_t http_status, ls_status classified, int64_t retry_after_ms);
    void (*header)(void* slot, ls_bytes name, ls_bytes value);
    void (*body)(void* slot, ls_bytes chunk);
} ls_http_response_sink;

/* ---------------------------------------------------------------------------------------------
 * Services the host lends to every plugin instance
 * ------------------------------------------------------------------------------------------- */

/**
 * Function table handed to a plugin at creation, valid for the instance's whole life. Every
 * function takes the instance's ls_host_context. Functions may be called from any thread.
 * A function the host does not offer (yet) answers LS_STATUS_UNAVAILABLE.
 */
typedef struct ls_host_services {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;

    /* -- logging -------------------------------------------------------------------------- */
    void (*log)(ls_host_context* ctx, ls_log_level level, ls_bytes message);

    /* -- clock (injectable in tests) ------------------------------------------------------ */
    /** Milliseconds since the Unix epoch, UTC. */
    int64_t (*now_ms)(ls_host_context* ctx);

    /* -- metrics -------------------------------------------------------------------------- */
    /**
     * Add `delta` to a counter. `name` is [a-z_][a-z0-9_]*; the host prefixes it with
     * "ledgersync_plugin_" and labels it with the plugin id and connection. `labels` is a
     * comma-separated list of key=value pairs, possibly empty.
     */
    void (*counter_add)(ls_host_context* ctx, ls_bytes name, ls_bytes labels, int64_t delta);
    /** Set a gauge; same naming rules as counter_add. */
    void (*gauge_set)(ls_host_context* ctx, ls_bytes name, ls_bytes labels, int64_t value);

    /* -- per-connection state (cursors, tokens) ------------------------------------------- */
    /** Read a value into `value`; LS_STATUS_NOT_FOUND when the key has none. */
    ls_status (*state_get)(ls_host_context* ctx, ls_bytes key, ls_output* value);
    /** Store a value durably before returning; flags: LS_STATE_SECRET. */
    ls_status (*state_put)(ls_host_context* ctx, ls_bytes key, ls_bytes value, uint32_t flags,
                           ls_output* error);
    /** Remove a key; removing an absent key is OK. */
    ls_status (*state_delete)(ls_host_context* ctx, ls_bytes key, ls_output* error);

    /* -- HTTP (rate limits, TLS settings and API-call metrics live in the host) ----------- */
    /**
     * Send a request and deliver the response to `response`. Returns OK when a response arrived,
     * whatever its status code; TRANSIENT (connection refused, reset, timeout) or FATAL (bad URL,
     * TLS verification failed) with a message in `error` otherwise.
     */
    ls_status (*http_send)(ls_host_context* ctx, const ls_http_request* request,
                           ls_http_response_sink* response, ls_output* error);
} ls_host_services;

/* ---------------------------------------------------------------------------------------------
 * Connector plugins: one instance per configured connection
 * ------------------------------------------------------------------------------------------- */

/**
 * Connector function table. Every function returns a status; on a non-OK status the plugin
 * explains it through `out->fail`. JSON shapes are documented in docs/sdk.md ("Wire format").
 */
typedef struct ls_connector_vtable {
    uint32_t struct_size;

    /* -- since 1.0 ------------------------------------------------------------------------ */
    /** Create an instance from the connection's config (JSON object, secrets resolved). */
    ls_status (*create)(const ls_host_services* host, ls_host_context* ctx, ls_bytes config,
                        ls_instance** instance, ls_output* error);
    void (*destroy)(ls_instance* instance);
    /** Verify credentials and connectivity; out: {"ok":bool,"details":string}. */
    ls_status (*check)(ls_instance* instance, ls_output* out);
    /**
     * in: {"stream","cursor"}; out: {"records":[...],"cursor":string|null,"has_more":bool}.
     * Never called at the same time as another read or a webhook of the instance.
     */
    ls_status (*read)(ls_instance* instance, ls_bytes request, ls_output* out);
    /**
     * Verify and decode a webhook delivery, as the host's server received it (method, path,
     * headers, raw body); out: {"records":[...],"response":{...}}. Called after the host stored
     * the delivery and answered the sender (200), off the HTTP thread, never at the same time as
     * read. LS_STATUS_DATA refuses the delivery for good (a bad signature: the host logs and
     * counts it, nothing is ingested); any other failure keeps it for a later attempt. The
     * "response" member is not sent to anyone: the sender had its answer before the call.
     */
    ls_status (*webhook)(ls_instance* instance, const ls_http_request* request, ls_output* out);
    /**
     * in: {"items":[...]}; out: {"outcomes":[...]} with one outcome per item, in order. May run
     * on several threads at once for one instance, each batch with different objects.
     */
    ls_status (*write)(ls_instance* instance, ls_bytes batch, ls_output* out);

    /* -- since 1.1 ------------------------------------------------------------------------ */
    /** in: {"document","id"}; out: the document's bytes, attribute "content_type". */
    ls_status (*fetch)(ls_instance* instance, ls_bytes request, ls_output* out);
} ls_connector_vtable;

/* ---------------------------------------------------------------------------------------------
 * Mapper plugins: one instance per step of a route; pure functions of their input
 * ------------------------------------------------------------------------------------------- */

typedef struct ls_mapper_vtable {
    uint32_t struct_size;

    /* -- since 1.0 ------------------------------------------------------------------------ */
    ls_status (*create)(const ls_host_services* host, ls_host_context* ctx, ls_bytes config,
                        ls_instance** instance, ls_output* error);
    void (*destroy)(ls_instance* instance);
    /**
     * Map one record envelope to 0..n envelopes; out: a JSON array. Deterministic, no I/O, may be
     * called concurrently. A record it cannot map is LS_STATUS_DATA with the reason.
     */
    ls_status (*map)(ls_instance* instance, ls_bytes record, ls_output* out);
} ls_mapper_vtable;

/* ---------------------------------------------------------------------------------------------
 * The descriptor a plugin's entry symbol returns
 * ------------------------------------------------------------------------------------------- */

typedef struct ls_plugin_descriptor {
    /* These three members keep their place in every ABI major. */
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;

    /* -- since 1.0 ------------------------------------------------------------------------ */
    ls_plugin_kind kind;
    /** Stable identifier, [a-z][a-z0-9_]*; must equal the manifest's "id". */
    const char* id;
    /** The plugin's own semantic version; must equal the manifest's "version". */
    const char* version;
    /** Set when kind == LS_KIND_CONNECTOR, else NULL. */
    const ls_connector_vtable* connector;
    /** Set when kind == LS_KIND_MAPPER, else NULL. */
    const ls_mapper_vtable* mapper;

    /* -- since 1.1 ------------------------------------------------------------------------ */
    /** Version of the SDK headers the plugin was built with, e.g. "0.1.0". */
    const char* sdk_version;
} ls_plugin_descriptor;

/** Signature of the exported entry symbol. It must not fail and must not run plugin logic. */
typedef const ls_plugin_descriptor* (*ls_plugin_entry_fn)(void);

/* Byte sizes of the 1.0 structs, for hosts and tests that serve or imitate 1.0 plugins. */
#define LS_PLUGIN_DESCRIPTOR_SIZE_1_0 offsetof(ls_plugin_descriptor, sdk_version)
#define LS_CONNECTOR_VTABLE_SIZE_1_0 offsetof(ls_connector_vtable, fetch)

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LEDGERSYNC_ABI_H */
