#include "mocks/drive/drive_query.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <variant>

#include <fmt/format.h>

namespace lockstep::mocks {

enum class Field { kName, kFullText, kMimeType, kTrashed, kStarred, kParents, kModifiedTime,
                   kCreatedTime, kAppProperties, kProperties };
enum class Op { kEq, kNe, kContains, kLt, kLe, kGt, kGe, kIn, kHas };

struct DriveQuery::Node {
  enum class Kind { kAnd, kOr, kNot, kTerm } kind = Kind::kTerm;
  std::unique_ptr<Node> left;
  std::unique_ptr<Node> right;
  Field field = Field::kName;
  Op op = Op::kEq;
  std::string text;   // the string operand (or the key for has)
  std::string value;  // has: the value
  bool flag = false;  // boolean operand
  Instant time{};     // time operand
};

namespace {

using Node = DriveQuery::Node;

struct Token {
  enum class Kind { kWord, kString, kSymbol, kEnd } kind;
  std::string text;
  size_t pos;
};

bool Lower(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

StatusOr<std::vector<Token>> Lex(std::string_view q) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < q.size()) {
    const char c = q[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '\'') {
      const size_t start = i++;
      std::string s;
      bool closed = false;
      while (i < q.size()) {
        if (q[i] == '\\' && i + 1 < q.size()) {
          s.push_back(q[i + 1]);
          i += 2;
        } else if (q[i] == '\'') {
          ++i;
          closed = true;
          break;
        } else {
          s.push_back(q[i++]);
        }
      }
      if (!closed) return InvalidQuery(fmt::format("unterminated string at position {}", start));
      out.push_back({Token::Kind::kString, std::move(s), start});
    } else if (c == '(' || c == ')' || c == '{' || c == '}' || c == '=') {
      out.push_back({Token::Kind::kSymbol, std::string(1, c), i++});
    } else if (c == '!' || c == '<' || c == '>') {
      const size_t start = i++;
      std::string op(1, c);
      if (i < q.size() && q[i] == '=') op.push_back(q[i++]);
      if (op == "!") return InvalidQuery(fmt::format("expected != at position {}", start));
      out.push_back({Token::Kind::kSymbol, op, start});
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.') {
      const size_t start = i;
      while (i < q.size() && (std::isalnum(static_cast<unsigned char>(q[i])) || q[i] == '_' || q[i] == '.')) ++i;
      out.push_back({Token::Kind::kWord, std::string(q.substr(start, i - start)), start});
    } else {
      return InvalidQuery(fmt::format("unexpected '{}' at position {}", c, i));
    }
  }
  out.push_back({Token::Kind::kEnd, "", q.size()});
  return out;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  StatusOr<std::unique_ptr<Node>> Parse() {
    StatusOr<std::unique_ptr<Node>> n = Or();
    if (!n.ok()) return n;
    if (Peek().kind != Token::Kind::kEnd) return Error("expected and, or or the end");
    return n;
  }
  bool uses_index = false;
  bool reads_content = false;     // fullText
  bool reads_properties = false;  // appProperties or properties has

 private:
  const Token& Peek() const { return t_[i_]; }
  const Token& Next() { return t_[i_++]; }
  bool IsWord(std::string_view w) const { return Peek().kind == Token::Kind::kWord && Lower(Peek().text, w); }
  bool IsSymbol(std::string_view s) const { return Peek().kind == Token::Kind::kSymbol && Peek().text == s; }
  Status Error(std::string_view what) const {
    return InvalidQuery(fmt::format("{} at position {}", what, Peek().pos));
  }

  StatusOr<std::unique_ptr<Node>> Binary(Node::Kind kind, std::string_view word,
                                         StatusOr<std::unique_ptr<Node>> (Parser::*next)()) {
    StatusOr<std::unique_ptr<Node>> left = (this->*next)();
    if (!left.ok()) return left;
    std::unique_ptr<Node> n = std::move(left).value();
    while (IsWord(word)) {
      Next();
      StatusOr<std::unique_ptr<Node>> right = (this->*next)();
      if (!right.ok()) return right;
      auto parent = std::make_unique<Node>();
      parent->kind = kind;
      parent->left = std::move(n);
      parent->right = std::move(right).value();
      n = std::move(parent);
    }
    return n;
  }
  StatusOr<std::unique_ptr<Node>> Or() { return Binary(Node::Kind::kOr, "or", &Parser::And); }
  StatusOr<std::unique_ptr<Node>> And() { return Binary(Node::Kind::kAnd, "and", &Parser::Not); }

  // How deep parentheses and `not`s may nest. Parsing, matching and freeing a query recurse once
  // per level: without a bound, a q of a few thousand "(" overflowed the stack (found by the
  // drive_query fuzz target). Drive documents no limit; no query a client writes nests this deep.
  static constexpr int kNestingMax = 64;

  StatusOr<std::unique_ptr<Node>> Not() {
    if (IsWord("not") || IsSymbol("(")) {
      if (depth_ >= kNestingMax) return Error(fmt::format("parentheses and not nested deeper than {}", kNestingMax));
      ++depth_;
      StatusOr<std::unique_ptr<Node>> n = Nested();
      --depth_;
      return n;
    }
    return Term();
  }

  StatusOr<std::unique_ptr<Node>> Nested() {
    if (IsWord("not")) {
      Next();
      StatusOr<std::unique_ptr<Node>> inner = Not();
      if (!inner.ok()) return inner;
      auto n = std::make_unique<Node>();
      n->kind = Node::Kind::kNot;
      n->left = std::move(inner).value();
      return n;
    }
    if (IsSymbol("(")) {
      Next();
      StatusOr<std::unique_ptr<Node>> inner = Or();
      if (!inner.ok()) return inner;
      if (!IsSymbol(")")) return Error("expected )");
      Next();
      return inner;
    }
    return Term();  // not reached: Not() calls Nested() only on "not" or "("
  }

  StatusOr<std::unique_ptr<Node>> Term() {
    auto n = std::make_unique<Node>();
    if (Peek().kind == Token::Kind::kString) {  // '<id>' in parents
      n->text = Next().text;
      if (!IsWord("in")) return Error("expected in after a string");
      Next();
      if (!IsWord("parents")) return Error("expected parents (owners, writers and readers are not modelled)");
      Next();
      n->field = Field::kParents;
      n->op = Op::kIn;
      return n;
    }
    if (Peek().kind != Token::Kind::kWord) return Error("expected a query term");
    const std::string field = Next().text;
    static const std::map<std::string, Field> kFields = {
        {"name", Field::kName}, {"fullText", Field::kFullText}, {"mimeType", Field::kMimeType},
        {"trashed", Field::kTrashed}, {"starred", Field::kStarred}, {"modifiedTime", Field::kModifiedTime},
        {"createdTime", Field::kCreatedTime}, {"appProperties", Field::kAppProperties},
        {"properties", Field::kProperties}};
    auto f = kFields.find(field);
    if (f == kFields.end()) return InvalidQuery(fmt::format("unknown query term '{}'", field));
    n->field = f->second;
    if (n->field == Field::kAppProperties || n->field == Field::kProperties) {
      reads_properties = true;
      return Has(std::move(n));
    }
    StatusOr<Op> op = Operator();
    if (!op.ok()) return op.status();
    n->op = *op;
    Status allowed = CheckOperator(field, n->field, n->op);
    if (!allowed.ok()) return allowed;
    if (n->field == Field::kName || n->field == Field::kFullText) uses_index = true;
    if (n->field == Field::kFullText) reads_content = true;
    return Operand(std::move(n), field);
  }

  StatusOr<Op> Operator() {
    if (IsWord("contains")) { Next(); return Op::kContains; }
    if (Peek().kind != Token::Kind::kSymbol) return Error("expected an operator");
    const std::string s = Next().text;
    if (s == "=") return Op::kEq;
    if (s == "!=") return Op::kNe;
    if (s == "<") return Op::kLt;
    if (s == "<=") return Op::kLe;
    if (s == ">") return Op::kGt;
    if (s == ">=") return Op::kGe;
    return InvalidQuery(fmt::format("unexpected '{}' where an operator belongs", s));
  }

  static Status CheckOperator(const std::string& name, Field f, Op op) {
    bool ok = false;
    switch (f) {
      case Field::kName:
      case Field::kMimeType: ok = op == Op::kEq || op == Op::kNe || op == Op::kContains; break;
      case Field::kFullText: ok = op == Op::kContains; break;
      case Field::kTrashed:
      case Field::kStarred: ok = op == Op::kEq || op == Op::kNe; break;
      case Field::kModifiedTime:
      case Field::kCreatedTime: ok = op != Op::kContains && op != Op::kIn && op != Op::kHas; break;
      default: break;
    }
    return ok ? Status() : InvalidQuery(fmt::format("operator not supported for '{}'", name));
  }

  StatusOr<std::unique_ptr<Node>> Operand(std::unique_ptr<Node> n, const std::string& field) {
    if (n->field == Field::kTrashed || n->field == Field::kStarred) {
      if (IsWord("true") || IsWord("false")) {
        n->flag = Lower(Next().text, "true");
        return n;
      }
      return Error(fmt::format("expected true or false after {}", field));
    }
    if (Peek().kind != Token::Kind::kString) return Error("expected a quoted string");
    n->text = Next().text;
    if (n->field == Field::kModifiedTime || n->field == Field::kCreatedTime) {
      if (!ParseRfc3339(n->text, n->time)) return InvalidQuery(fmt::format("'{}' is not an RFC 3339 time", n->text));
    }
    return n;
  }

  StatusOr<std::unique_ptr<Node>> Has(std::unique_ptr<Node> n) {
    if (!IsWord("has")) return Error("expected has");
    Next();
    if (!IsSymbol("{")) return Error("expected {");
    Next();
    if (!IsWord("key")) return Error("expected key");
    Next();
    if (!IsSymbol("=")) return Error("expected =");
    Next();
    if (Peek().kind != Token::Kind::kString) return Error("expected a quoted key");
    n->text = Next().text;
    if (!IsWord("and")) return Error("expected and value=");
    Next();
    if (!IsWord("value")) return Error("expected value");
    Next();
    if (!IsSymbol("=")) return Error("expected =");
    Next();
    if (Peek().kind != Token::Kind::kString) return Error("expected a quoted value");
    n->value = Next().text;
    if (!IsSymbol("}")) return Error("expected }");
    Next();
    n->op = Op::kHas;
    return n;
  }

  std::vector<Token> t_;
  size_t i_ = 0;
  int depth_ = 0;  // parentheses and nots open around the current token
};

template <typename T>
bool Compare(const T& a, Op op, const T& b) {
  switch (op) {
    case Op::kEq: return a == b;
    case Op::kNe: return a != b;
    case Op::kLt: return a < b;
    case Op::kLe: return a <= b;
    case Op::kGt: return a > b;
    case Op::kGe: return a >= b;
    default: return false;
  }
}

bool Eval(const Node& n, const QueryView& f) {
  switch (n.kind) {
    case Node::Kind::kAnd: return Eval(*n.left, f) && Eval(*n.right, f);
    case Node::Kind::kOr: return Eval(*n.left, f) || Eval(*n.right, f);
    case Node::Kind::kNot: return !Eval(*n.left, f);
    case Node::Kind::kTerm: break;
  }
  switch (n.field) {
    case Field::kName:
      if (!f.indexed) return n.op == Op::kNe;  // not in the index yet: only != can hold
      if (n.op == Op::kContains) return TokenContains(f.indexed_name, n.text, false);
      return Compare(f.indexed_name, n.op, n.text);
    case Field::kFullText:
      return f.indexed && (TokenContains(f.indexed_name, n.text, true) || TokenContains(f.content, n.text, true));
    case Field::kMimeType:
      if (n.op == Op::kContains) return f.mime_type.find(n.text) != std::string::npos;
      return Compare(f.mime_type, n.op, n.text);
    case Field::kTrashed: return Compare(f.trashed, n.op, n.flag);
    case Field::kStarred: return Compare(f.starred, n.op, n.flag);
    case Field::kParents:
      return std::find(f.parents.begin(), f.parents.end(), n.text) != f.parents.end();
    case Field::kModifiedTime: return Compare(f.modified_time, n.op, n.time);
    case Field::kCreatedTime: return Compare(f.created_time, n.op, n.time);
    case Field::kAppProperties: {
      auto it = f.app_properties.find(n.text);
      return it != f.app_properties.end() && it->second == n.value;
    }
    case Field::kProperties: {
      auto it = f.properties.find(n.text);
      return it != f.properties.end() && it->second == n.value;
    }
  }
  return false;
}

std::vector<std::string> Tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

Status InvalidQuery(std::string_view message) {
  return Status(StatusCode::kInvalidArgument, 400, "invalid", fmt::format("Invalid Value: q: {}", message));
}

bool TokenContains(std::string_view text, std::string_view value, bool whole_tokens) {
  const std::vector<std::string> words = Tokens(value);
  if (words.empty()) return false;
  const std::vector<std::string> tokens = Tokens(text);
  for (const std::string& w : words) {
    const bool found = std::any_of(tokens.begin(), tokens.end(), [&](const std::string& t) {
      return whole_tokens ? t == w : t.compare(0, w.size(), w) == 0;
    });
    if (!found) return false;
  }
  return true;
}

StatusOr<DriveQuery> DriveQuery::Parse(std::string_view q) {
  StatusOr<std::vector<Token>> tokens = Lex(q);
  if (!tokens.ok()) return tokens.status();
  if (tokens->size() == 1) return InvalidQuery("empty query");
  Parser p(std::move(tokens).value());
  StatusOr<std::unique_ptr<Node>> root = p.Parse();
  if (!root.ok()) return root.status();
  DriveQuery out;
  out.root_ = std::move(root).value();
  out.uses_index_ = p.uses_index;
  out.reads_content_ = p.reads_content;
  out.reads_properties_ = p.reads_properties;
  return out;
}

bool DriveQuery::Matches(const QueryView& file) const { return Eval(*root_, file); }

namespace {

// The text of a term on `field` (with `op`, unless any) that every match must satisfy: a term of
// the top-level and-chain.
std::optional<std::string> RequiredTerm(const Node* root, Field field, std::optional<Op> op) {
  std::vector<const Node*> stack{root};
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (n->kind == Node::Kind::kAnd) {
      stack.push_back(n->right.get());
      stack.push_back(n->left.get());
    } else if (n->kind == Node::Kind::kTerm && n->field == field && (!op || n->op == *op)) {
      return n->text;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> DriveQuery::RequiredParent() const {
  return RequiredTerm(root_.get(), Field::kParents, std::nullopt);
}

std::optional<std::string> DriveQuery::RequiredName() const { return RequiredTerm(root_.get(), Field::kName, Op::kEq); }

DriveQuery::DriveQuery(DriveQuery&&) noexcept = default;
DriveQuery& DriveQuery::operator=(DriveQuery&&) noexcept = default;
DriveQuery::~DriveQuery() = default;

}  // namespace lockstep::mocks
