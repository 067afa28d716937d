#pragma once
/// HubSpot's webhook request signatures (hubspot.md §2.13), the one place the HubSpot emulator
/// signs anything:
///   v3: base64(HMAC-SHA256(app secret, method + requestUri + body + timestamp)), headers
///       X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp (epoch milliseconds);
///   v1: hex(SHA-256(app secret + body)), header X-HubSpot-Signature with
///       X-HubSpot-Signature-Version "v1" (HubSpot still sends it beside v3);
///   v2: hex(SHA-256(app secret + method + requestUri + body)).

#include <cstdint>
#include <string>

namespace ledgersync::sandbox::hubspot {

std::string signature_v3(const std::string& secret, const std::string& method,
                         const std::string& uri, const std::string& body,
                         const std::string& timestamp_ms);
std::string signature_v2(const std::string& secret, const std::string& method,
                         const std::string& uri, const std::string& body);
std::string signature_v1(const std::string& secret, const std::string& body);

}  // namespace ledgersync::sandbox::hubspot
