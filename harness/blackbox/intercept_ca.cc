#include "harness/blackbox/intercept_ca.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

namespace lockstep::harness {
namespace {

struct Free {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
  void operator()(X509* x) const { X509_free(x); }
};
using Key = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;

Status Failed(const std::string& what) {
  return Status(StatusCode::kInternal, 0, "tls", "making the run's certificates: " + what);
}

bool AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* e = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (e == nullptr) return false;
  const bool ok = X509_add_ext(cert, e, -1) == 1;
  X509_EXTENSION_free(e);
  return ok;
}

Cert NewCert(EVP_PKEY* key, const std::string& common_name) {
  Cert c(X509_new());
  if (!c) return c;
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(c.get()));
  BN_free(bn);
  X509_set_version(c.get(), 2);
  X509_gmtime_adj(X509_getm_notBefore(c.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(c.get()), 7L * 24 * 3600);
  X509_set_pubkey(c.get(), key);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(c.get()), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  return c;
}

bool WritePem(const std::string& path, X509* cert, EVP_PKEY* key) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = cert != nullptr ? PEM_write_X509(f, cert) == 1
                                  : PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

StatusOr<InterceptCa> MakeInterceptCa(const std::string& dir, const std::vector<std::string>& hosts) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status(StatusCode::kUnavailable, 0, "io", fmt::format("cannot create {}: {}", dir, ec.message()));
  Key ca_key(EVP_EC_gen("P-256"));
  Key leaf_key(EVP_EC_gen("P-256"));
  if (!ca_key || !leaf_key) return Failed("no P-256 key");
  Cert ca = NewCert(ca_key.get(), "lockstep per-run interception CA");
  if (!ca) return Failed("no CA certificate");
  X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get()));
  if (!AddExtension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0") ||
      !AddExtension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign") ||
      !AddExtension(ca.get(), ca.get(), NID_subject_key_identifier, "hash") ||
      X509_sign(ca.get(), ca_key.get(), EVP_sha256()) == 0) {
    return Failed("the CA certificate could not be signed");
  }
  Cert leaf = NewCert(leaf_key.get(), hosts.empty() ? "localhost" : hosts.front());
  if (!leaf) return Failed("no server certificate");
  X509_set_issuer_name(leaf.get(), X509_get_subject_name(ca.get()));
  std::string san;
  for (const std::string& h : hosts) san += (san.empty() ? "DNS:" : ",DNS:") + h;
  if (!AddExtension(leaf.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !AddExtension(leaf.get(), ca.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment") ||
      !AddExtension(leaf.get(), ca.get(), NID_ext_key_usage, "serverAuth") ||
      !AddExtension(leaf.get(), ca.get(), NID_subject_key_identifier, "hash") ||
      !AddExtension(leaf.get(), ca.get(), NID_authority_key_identifier, "keyid:always") ||
      (!san.empty() && !AddExtension(leaf.get(), ca.get(), NID_subject_alt_name, san.c_str())) ||
      X509_sign(leaf.get(), ca_key.get(), EVP_sha256()) == 0) {
    return Failed("the server certificate could not be signed");
  }
  InterceptCa out{dir + "/ca.pem", dir + "/server.pem", dir + "/server-key.pem"};
  if (!WritePem(out.ca_cert, ca.get(), nullptr) || !WritePem(out.server_cert, leaf.get(), nullptr) ||
      !WritePem(out.server_key, nullptr, leaf_key.get())) {
    return Status(StatusCode::kUnavailable, 0, "io", fmt::format("cannot write the certificates into {}", dir));
  }
  std::filesystem::permissions(out.server_key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                               ec);
  return out;
}

}  // namespace lockstep::harness
