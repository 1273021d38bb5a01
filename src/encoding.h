// Text encodings: UTF-8 validity, as RFC 3629 defines it and as nlohmann::json's serializer
// enforces it (no overlong forms, no surrogates U+D800..U+DFFF, nothing above U+10FFFF, no
// truncated sequence), and base64 (RFC 4648; decoding also takes the URL-safe alphabet). A string
// that passes IsValidUtf8 can be written into JSON; one that fails would make dump() throw, so
// bytes that fail travel in JSON as base64.
//
//   Json j = IsValidUtf8(bytes) ? Json{{"content", bytes}} : Json{{"contentBase64", Base64Encode(bytes)}};
#ifndef LOCKSTEP_SRC_ENCODING_H_
#define LOCKSTEP_SRC_ENCODING_H_

#include <string>
#include <string_view>

namespace lockstep {

bool IsValidUtf8(std::string_view s);

std::string Base64Encode(std::string_view bytes);
// False when `text` is not base64 (padding and line breaks are skipped).
bool Base64Decode(std::string_view text, std::string& out);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_ENCODING_H_
