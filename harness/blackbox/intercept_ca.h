// A certificate authority made for one run, and a server certificate it signs for the hosts a
// program may not be pointed away from (api.notion.com, www.googleapis.com,
// sheets.googleapis.com), written as PEM files: the TLS listener serves the leaf, the program
// trusts the CA (SSL_CERT_FILE, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS). Made with OpenSSL's API;
// nothing is downloaded, and the CA's key never leaves the run's folder.
//
//   StatusOr<InterceptCa> ca = MakeInterceptCa(dir, {"api.notion.com", "www.googleapis.com"});
//   httplib::SSLServer tls(ca->server_cert.c_str(), ca->server_key.c_str());
#ifndef LOCKSTEP_HARNESS_BLACKBOX_INTERCEPT_CA_H_
#define LOCKSTEP_HARNESS_BLACKBOX_INTERCEPT_CA_H_

#include <string>
#include <vector>

#include "src/status.h"

namespace lockstep::harness {

struct InterceptCa {
  std::string ca_cert;      // the CA's certificate (what the program trusts)
  std::string server_cert;  // the hosts' certificate, signed by the CA
  std::string server_key;
};

// Writes ca.pem, server.pem and server-key.pem into `dir` (created if needed). P-256 keys,
// SHA-256 signatures, valid from an hour ago for seven days.
StatusOr<InterceptCa> MakeInterceptCa(const std::string& dir, const std::vector<std::string>& hosts);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_BLACKBOX_INTERCEPT_CA_H_
