// RFC 4475 torture messages and advisory regressions through Message::parse and validate():
// every manifest row gets its verdict (and, for invalid messages, the exact error code), and the
// messages the RFC describes field by field are checked against the values its text gives.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "corpus/corpus_files.h"
#include "pinhole/sip/errors.h"
#include "pinhole/sip/message.h"
#include "pinhole/sip/sdp.h"
#include "pinhole/sip/validate.h"

namespace pinhole::sip {
namespace {

using namespace std::string_view_literals;
using corpus::ManifestRow;

const std::string kRfcDir = "rfc4475";
const std::string kRegressionDir = "regressions";

// The code each invalid message must be refused with: the first fault a reader meets, which is
// also the fault RFC 4475 built the message around (except baddn.dat, see the manifest note).
const std::map<std::string, Errc>& expectedErrors() {
  static const std::map<std::string, Errc> kExpected{
      {"badinv01.dat", Errc::BadVia},
      {"clerr.dat", Errc::BodyTooShort},
      {"ncl.dat", Errc::BadContentLength},
      {"scalar02.dat", Errc::BadCSeq},
      {"scalarlg.dat", Errc::BadCSeq},
      {"quotbal.dat", Errc::BadQuotedString},
      {"ltgtruri.dat", Errc::BadRequestUri},
      {"lwsruri.dat", Errc::BadStartLine},
      {"lwsstart.dat", Errc::BadStartLine},
      {"trws.dat", Errc::BadStartLine},
      {"escruri.dat", Errc::BadRequestUri},
      {"baddate.dat", Errc::BadDate},
      {"regbadct.dat", Errc::BadNameAddr},
      {"badaspec.dat", Errc::BadNameAddr},
      {"baddn.dat", Errc::MissingHeaderEnd},
      {"variants/baddn-terminated.dat", Errc::BadNameAddr},
      {"badvers.dat", Errc::VersionNotSupported},
      {"mismatch01.dat", Errc::CSeqMethodMismatch},
      {"mismatch02.dat", Errc::CSeqMethodMismatch},
      {"bigcode.dat", Errc::BadStatusCode},
      {"test.dat", Errc::BadStartLine},
  };
  return kExpected;
}

std::vector<ManifestRow> rfcRows() {
  return corpus::readManifest(corpus::dataPath(kRfcDir + "/manifest.tsv"));
}

std::string describe(const Error& e) {
  return std::string(errcName(errcOf(e))) + " (" + std::string(e.detail) + ") at " +
         (e.hasOffset() ? std::to_string(e.offset) : std::string("no offset"));
}

// Parse then validate; the first failure wins.
struct Outcome {
  bool parsed = false;
  Result<void> result;
};

Outcome check(Message& msg, std::string_view bytes) {
  Outcome out;
  out.result = msg.parse(bytes);
  if (!out.result) return out;
  out.parsed = true;
  out.result = validate(msg);
  return out;
}

// --- every manifest row

class Rfc4475Corpus : public ::testing::TestWithParam<ManifestRow> {};

TEST_P(Rfc4475Corpus, VerdictMatchesManifest) {
  const ManifestRow& row = GetParam();
  const std::string bytes = corpus::readFile(corpus::dataPath(kRfcDir + "/" + row.file));
  Arena arena;
  Message msg(arena);
  Outcome out = check(msg, bytes);

  if (row.expectation == "valid" || row.expectation == "semantic-error") {
    EXPECT_TRUE(out.parsed) << row.file << ": " << describe(out.result.error());
    EXPECT_TRUE(out.result.ok()) << row.file << ": " << describe(out.result.error());
    return;
  }
  ASSERT_EQ(row.expectation, "invalid") << "unknown expectation in the manifest";
  ASSERT_FALSE(out.result.ok()) << row.file << " was accepted (RFC 4475 " << row.section << ")";
  const Error& e = out.result.error();
  EXPECT_FALSE(e.detail.empty()) << row.file;
  ASSERT_TRUE(e.hasOffset()) << row.file << ": " << describe(e);
  // A fault at a missing terminator sits just past the last byte; anything else is inside.
  if (errcOf(e) == Errc::MissingHeaderEnd)
    EXPECT_LE(e.offset, bytes.size()) << row.file << ": " << describe(e);
  else
    EXPECT_LT(e.offset, bytes.size()) << row.file << ": " << describe(e);

  auto expected = expectedErrors().find(row.file);
  ASSERT_NE(expected, expectedErrors().end()) << "no expected error code for " << row.file;
  EXPECT_EQ(errcName(errcOf(e)), errcName(expected->second))
      << row.file << ": " << describe(e);
}

INSTANTIATE_TEST_SUITE_P(Rfc4475, Rfc4475Corpus, ::testing::ValuesIn(rfcRows()),
                         [](const ::testing::TestParamInfo<ManifestRow>& row) {
                           return corpus::testName(row.param.file);
                         });

// --- the manifest itself

TEST(Rfc4475Manifest, ListsEveryDataFileOnce) {
  std::set<std::string> listed;
  for (const ManifestRow& row : rfcRows()) EXPECT_TRUE(listed.insert(row.file).second) << row.file;
  std::set<std::string> on_disk;
  const std::filesystem::path dir = corpus::dataPath(kRfcDir);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".dat")
      on_disk.insert(entry.path().lexically_relative(dir).generic_string());
  EXPECT_EQ(listed, on_disk);
  EXPECT_EQ(on_disk.size(), 51u);  // the 50 archive files plus variants/baddn-terminated.dat
}

TEST(Rfc4475Manifest, EveryInvalidRowHasAnExpectedCode) {
  std::size_t invalid = 0;
  for (const ManifestRow& row : rfcRows()) {
    if (row.expectation != "invalid") continue;
    ++invalid;
    EXPECT_TRUE(expectedErrors().count(row.file)) << row.file;
  }
  EXPECT_EQ(invalid, expectedErrors().size());
}

// --- field values of the messages the RFC describes

class Rfc4475Fields : public ::testing::Test {
 protected:
  // Parses rfc4475/<file>; the caller ASSERTs the result.
  bool load(const std::string& file) {
    bytes_ = corpus::readFile(corpus::dataPath(kRfcDir + "/" + file));
    auto r = msg_.parse(bytes_);
    if (!r) ADD_FAILURE() << file << ": " << describe(r.error());
    return r.ok();
  }
  template <class T>
  static T value(Result<T> r) {
    EXPECT_TRUE(r.ok()) << (r.ok() ? std::string() : describe(r.error()));
    if (!r.ok()) throw std::runtime_error("accessor failed");
    return *r;
  }
  std::string_view unescaped(std::string_view s) { return value(unescape(s, arena_)); }

  std::string bytes_;
  Arena arena_;
  Message msg_{arena_};
};

TEST_F(Rfc4475Fields, WsinvShortTortuousInvite) {
  ASSERT_TRUE(load("wsinv.dat"));
  EXPECT_TRUE(msg_.isRequest());
  EXPECT_EQ(msg_.method(), Method::Invite);
  const Uri* ruri = value(msg_.requestUri());
  EXPECT_EQ(ruri->user, "vivekg");
  EXPECT_EQ(ruri->host.host, "chair-dnrc.example.com");
  ASSERT_EQ(ruri->params.size(), 1u);
  EXPECT_EQ(ruri->params.begin()->name, "unknownparam");
  EXPECT_FALSE(ruri->params.begin()->has_value);

  const NameAddr* to = value(msg_.to());
  EXPECT_EQ(to->uri().raw, "sip:vivekg@chair-dnrc.example.com");
  EXPECT_FALSE(to->angle);
  EXPECT_EQ(to->tag(), "1918181833n");

  const NameAddr* from = value(msg_.from());
  EXPECT_EQ(from->display, R"("J Rosenberg \\\"")");
  EXPECT_EQ(from->uri().raw, "sip:jdrosen@example.com");
  EXPECT_EQ(from->tag(), "98asjd8");

  EXPECT_EQ(value(msg_.maxForwards()), 68u);  // "0068"
  CSeq cseq = value(msg_.cseq());
  EXPECT_EQ(cseq.number, 9u);  // "0009", method on a continuation line
  EXPECT_EQ(cseq.method, "INVITE");
  EXPECT_EQ(value(msg_.callId()), "wsinv.ndaksdj@192.0.2.1");

  // "Via  : SIP / 2.0 /UDP ..." and "v: ... TCP ..., ... UDP ...": two headers, three Vias.
  EXPECT_EQ(msg_.count(HeaderType::Via), 2u);
  auto vias = value(msg_.vias());
  ASSERT_EQ(vias.size(), 3u);
  EXPECT_EQ(vias[0].transport, "UDP");
  EXPECT_EQ(vias[0].host.host, "192.0.2.2");
  EXPECT_EQ(vias[0].branch, "390skdjuw");
  EXPECT_FALSE(vias[0].hasMagicCookie());
  EXPECT_EQ(vias[1].transport, "TCP");
  EXPECT_EQ(vias[1].host.host, "spindle.example.com");
  EXPECT_EQ(vias[1].branch, "z9hG4bK9ikj8");
  EXPECT_EQ(vias[2].transport, "UDP");
  EXPECT_EQ(vias[2].host.host, "192.168.255.111");
  EXPECT_EQ(vias[2].branch, "z9hG4bK30239");

  auto routes = value(msg_.routes());
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].uri().host.host, "services.example.com");
  EXPECT_TRUE(routes[0].uri().hasParam("lr"));
  ASSERT_NE(routes[0].uri().param("unknownwith"), nullptr);
  EXPECT_EQ(routes[0].uri().param("unknownwith")->value, "value");
  EXPECT_TRUE(routes[0].uri().hasParam("unknown-no-value"));

  const ContactList* contacts = value(msg_.contacts());
  ASSERT_EQ(contacts->contacts.size(), 1u);
  const NameAddr& c = contacts->contacts[0];
  EXPECT_EQ(c.display, R"("Quoted string \"\"")");
  EXPECT_EQ(c.uri().raw, "sip:jdrosen@example.com");
  EXPECT_EQ(c.params.value("newparam"), "newvalue");
  EXPECT_TRUE(c.params.has("secondparam"));
  EXPECT_EQ(c.params.value("q"), "0.33");

  const HeaderField* unusual = msg_.header("UnknownHeaderWithUnusualValue");
  ASSERT_NE(unusual, nullptr);
  EXPECT_EQ(unusual->type, HeaderType::Other);
  EXPECT_EQ(unusual->value, ";;,,;;,;");
  const HeaderField* fangled = msg_.header("newfangledheader");
  ASSERT_NE(fangled, nullptr);
  EXPECT_EQ(fangled->value, "newfangled value\r\n continued newfangled value");

  // Compact forms and odd spellings fold to their types; the name stays as received.
  std::map<std::string_view, HeaderType> by_name;
  for (const HeaderField& h : msg_.headers()) by_name[h.name] = h.type;
  EXPECT_EQ(by_name["v"], HeaderType::Via);
  EXPECT_EQ(by_name["m"], HeaderType::Contact);
  EXPECT_EQ(by_name["s"], HeaderType::Subject);
  EXPECT_EQ(by_name["TO"], HeaderType::To);
  EXPECT_EQ(by_name["MaX-fOrWaRdS"], HeaderType::MaxForwards);
  EXPECT_EQ(by_name["Content-Length"], HeaderType::ContentLength);
  EXPECT_EQ(msg_.header(HeaderType::Subject)->value, "");

  EXPECT_EQ(value(msg_.contentLength()), 150u);
  EXPECT_EQ(msg_.body().size(), 150u);
  EXPECT_TRUE(msg_.body().starts_with("v=0\r\n"));
  const sdp::Session* sdp = value(msg_.sdp());
  ASSERT_NE(sdp, nullptr);
  ASSERT_NE(sdp->connection, nullptr);
  EXPECT_EQ(sdp->connection->address, "192.0.2.4");
  ASSERT_EQ(sdp->media.size(), 2u);
  EXPECT_EQ(sdp->media[0].port, 49217);
  EXPECT_EQ(sdp->media[1].port, 3227);
}

TEST_F(Rfc4475Fields, IntmethWideRangeOfValidCharacters) {
  ASSERT_TRUE(load("intmeth.dat"));
  constexpr std::string_view kMethod = "!interesting-Method0123456789_*+`.%indeed'~";
  EXPECT_EQ(msg_.methodText(), kMethod);
  EXPECT_EQ(msg_.method(), Method::Other);
  EXPECT_EQ(value(msg_.cseq()).method, kMethod);
  EXPECT_EQ(value(msg_.cseq()).number, 139122385u);
  EXPECT_EQ(value(msg_.maxForwards()), 255u);

  const Uri* ruri = value(msg_.requestUri());
  EXPECT_EQ(ruri->user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  EXPECT_TRUE(ruri->has_password);
  EXPECT_EQ(ruri->password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  EXPECT_EQ(ruri->host.host, "example.com");
  EXPECT_TRUE(ruri->params.empty());

  // To's display name holds quoted BEL, NUL and DEL bytes.
  std::string display = "\"BEL:\\\x07 NUL:\\";
  display += '\0';
  display += " DEL:\\\x7F\"";
  const NameAddr* to = value(msg_.to());
  EXPECT_EQ(to->display, display);
  EXPECT_EQ(to->uri().user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");

  const NameAddr* from = value(msg_.from());
  EXPECT_EQ(from->display, "token1~` token2'+_ token3*%!.-");
  EXPECT_EQ(from->uri().raw, "sip:mundane@example.com");
  ASSERT_EQ(from->params.size(), 2u);
  EXPECT_EQ(from->params.begin()[0].name, "fromParam''~+*_!.-%");
  // "работающий" in UTF-8, quotes kept.
  EXPECT_EQ(from->params.begin()[0].value,
            "\"\xD1\x80\xD0\xB0\xD0\xB1\xD0\xBE\xD1\x82\xD0\xB0\xD1\x8E\xD1\x89\xD0\xB8\xD0\xB9\"");
  EXPECT_EQ(from->tag(), "_token~1'+`*%!-.");

  EXPECT_EQ(value(msg_.callId()), "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
  EXPECT_EQ(value(msg_.topVia())->branch, "z9hG4bK-.!%66*_+`'~");
  const HeaderField* ext = msg_.header("extensionHeader-!.%*+_`'~");
  ASSERT_NE(ext, nullptr);
  EXPECT_EQ(ext->value, "\xEF\xBB\xBF\xE5\xA4\xA7\xE5\x81\x9C\xE9\x9B\xBB");  // BOM + 大停電
}

TEST_F(Rfc4475Fields, Esc01EscapesKeptRawAndDecodedOnce) {
  ASSERT_TRUE(load("esc01.dat"));
  const Uri* ruri = value(msg_.requestUri());
  EXPECT_EQ(ruri->user, "sips%3Auser%40example.com");
  EXPECT_EQ(ruri->host.host, "example.net");
  EXPECT_EQ(unescaped(ruri->user), "sips:user@example.com");

  const NameAddr* to = value(msg_.to());
  EXPECT_EQ(to->uri().user, "%75se%72");
  EXPECT_EQ(unescaped(to->uri().user), "user");
  const NameAddr* from = value(msg_.from());
  EXPECT_EQ(from->uri().user, "I%20have%20spaces");
  EXPECT_EQ(unescaped(from->uri().user), "I have spaces");

  const ContactList* contacts = value(msg_.contacts());
  ASSERT_EQ(contacts->contacts.size(), 1u);
  const Uri& c = contacts->contacts[0].uri();
  EXPECT_EQ(c.user, "cal%6Cer");
  ASSERT_EQ(c.params.size(), 2u);
  EXPECT_EQ(c.params.begin()[0].name, "%6C%72");
  EXPECT_FALSE(c.params.begin()[0].has_value);
  EXPECT_EQ(unescaped(c.params.begin()[0].name), "lr");
  EXPECT_EQ(c.params.begin()[1].name, "n%61me");
  EXPECT_EQ(c.params.begin()[1].value, "v%61lue%25%34%31");
  // RFC 4475 3.1.1.3: "value%41" after one decoding, never "valueA".
  EXPECT_EQ(unescaped(c.params.begin()[1].value), "value%41");

  EXPECT_EQ(msg_.header("i")->type, HeaderType::CallId);
  EXPECT_EQ(msg_.header("C")->type, HeaderType::ContentType);
}

TEST_F(Rfc4475Fields, EscnullNulEscapesDoNotTruncate) {
  ASSERT_TRUE(load("escnull.dat"));
  EXPECT_EQ(msg_.method(), Method::Register);
  const NameAddr* to = value(msg_.to());
  EXPECT_EQ(to->uri().user, "null-%00-null");
  EXPECT_EQ(unescaped(to->uri().user), std::string_view("null-\0-null", 11));
  EXPECT_EQ(value(msg_.from())->uri().user, "null-%00-null");

  EXPECT_EQ(msg_.count(HeaderType::Contact), 2u);
  const ContactList* contacts = value(msg_.contacts());
  ASSERT_EQ(contacts->contacts.size(), 2u);
  EXPECT_EQ(contacts->contacts[0].uri().user, "%00");
  EXPECT_EQ(contacts->contacts[1].uri().user, "%00%00");
  EXPECT_EQ(unescaped(contacts->contacts[0].uri().user), std::string_view("\0", 1));
  EXPECT_EQ(unescaped(contacts->contacts[1].uri().user), std::string_view("\0\0", 2));
  EXPECT_EQ(value(msg_.contentLength()), 0u);  // "L:0"
}

TEST_F(Rfc4475Fields, Esc02PercentThatIsNotAnEscape) {
  ASSERT_TRUE(load("esc02.dat"));
  EXPECT_EQ(msg_.methodText(), "RE%47IST%45R");
  EXPECT_NE(msg_.method(), Method::Register);
  EXPECT_EQ(msg_.method(), Method::Other);
  EXPECT_EQ(value(msg_.cseq()).method, "RE%47IST%45R");
  EXPECT_EQ(value(msg_.to())->display, "\"%Z%45\"");
  EXPECT_EQ(value(msg_.topVia())->branch, "z9hG4bK209%fzsnel234");

  const HeaderField* odd = msg_.header("C%6Fntact");
  ASSERT_NE(odd, nullptr);
  EXPECT_EQ(odd->type, HeaderType::Other);
  EXPECT_EQ(msg_.count(HeaderType::Contact), 2u);
  const ContactList* contacts = value(msg_.contacts());
  ASSERT_EQ(contacts->contacts.size(), 2u);
  EXPECT_EQ(contacts->contacts[0].uri().host.host, "host1.example.com");
  EXPECT_EQ(contacts->contacts[1].uri().host.host, "host3.example.com");
}

TEST_F(Rfc4475Fields, LwsdispNoSpaceBeforeAngle) {
  ASSERT_TRUE(load("lwsdisp.dat"));
  const NameAddr* from = value(msg_.from());
  EXPECT_EQ(from->display, "caller");
  EXPECT_TRUE(from->angle);
  EXPECT_EQ(from->uri().raw, "sip:caller@example.com");
  EXPECT_EQ(from->tag(), "323");
}

TEST_F(Rfc4475Fields, LongreqLongValues) {
  ASSERT_TRUE(load("longreq.dat"));
  EXPECT_EQ(bytes_.size(), 3515u);
  EXPECT_EQ(msg_.count(HeaderType::Via), 34u);
  auto vias = value(msg_.vias());
  ASSERT_EQ(vias.size(), 34u);
  EXPECT_EQ(vias[0].host.host, "sip33.example.com");
  EXPECT_EQ(vias[32].host.host, "sip1.example.com");
  EXPECT_EQ(vias[33].host.host, "host.example.com");
  EXPECT_EQ(vias[33].received, "192.0.2.5");
  EXPECT_TRUE(vias[33].branch.starts_with("verylonglong"));
  EXPECT_TRUE(vias[33].branch.ends_with("branchvalue"));

  std::string display = "\"I have a user name of ";
  for (int i = 0; i < 10; ++i) display += "extreme";
  display += " proportion\"";
  const NameAddr* to = value(msg_.to());
  EXPECT_EQ(to->display, display);
  EXPECT_EQ(to->uri().host.port, 6000);
  ASSERT_EQ(to->uri().params.size(), 3u);
  EXPECT_EQ(to->uri().params.begin()[0].name, "unknownparam1");
  EXPECT_FALSE(to->uri().params.begin()[2].has_value);

  const NameAddr* from = value(msg_.from());
  EXPECT_EQ(from->tag().size(), 155u);
  EXPECT_EQ(from->params.size(), 3u);
  std::string call_id = "longreq.one";
  for (int i = 0; i < 20; ++i) call_id += "really";
  EXPECT_EQ(value(msg_.callId()), call_id + "longcallid");
  EXPECT_NE(msg_.header("Unknown-LongLongLongLongLongLongLongLongLongLongLongLongLongLong"
                        "LongLongLongLongLongLong-Name"),
            nullptr);
  EXPECT_EQ(msg_.body().size(), 150u);
}

TEST_F(Rfc4475Fields, DblreqTrailingOctetsIgnored) {
  ASSERT_TRUE(load("dblreq.dat"));
  EXPECT_EQ(msg_.method(), Method::Register);
  EXPECT_EQ(value(msg_.contentLength()), 0u);
  EXPECT_TRUE(msg_.body().empty());
  std::size_t register_end = bytes_.find("\r\n\r\n") + 4;
  EXPECT_EQ(msg_.layout().buffer, std::string_view(bytes_).substr(0, register_end));
  EXPECT_TRUE(msg_.buffer().ends_with("Content-Length: 0\r\n\r\n"));
  EXPECT_EQ(msg_.buffer().find("INVITE"), std::string_view::npos);
  EXPECT_LT(msg_.buffer().size(), bytes_.size());
}

TEST_F(Rfc4475Fields, SemiuriSemicolonsInUserPart) {
  ASSERT_TRUE(load("semiuri.dat"));
  const Uri* ruri = value(msg_.requestUri());
  EXPECT_EQ(ruri->user, "user;par=u%40example.net");
  EXPECT_EQ(ruri->host.host, "example.com");
  EXPECT_TRUE(ruri->params.empty());
  EXPECT_EQ(unescaped(ruri->user), "user;par=u@example.net");
}

TEST_F(Rfc4475Fields, TransportsVariedAndUnknown) {
  ASSERT_TRUE(load("transports.dat"));
  auto vias = value(msg_.vias());
  ASSERT_EQ(vias.size(), 5u);
  constexpr std::string_view kTransports[] = {"UDP", "SCTP", "TLS", "UNKNOWN", "TCP"};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(vias[i].transport, kTransports[i]);
    EXPECT_EQ(vias[i].host.host, "t" + std::to_string(i + 1) + ".example.com");
  }
}

TEST_F(Rfc4475Fields, Mpart01BinaryBodyFramedByContentLength) {
  ASSERT_TRUE(load("mpart01.dat"));
  EXPECT_EQ(msg_.method(), Method::Message);
  EXPECT_EQ(value(msg_.contentLength()), 553u);
  EXPECT_EQ(msg_.body().size(), 553u);
  std::size_t body_at = bytes_.find("\r\n\r\n") + 4;
  EXPECT_EQ(msg_.body(), std::string_view(bytes_).substr(body_at));
  EXPECT_EQ(std::count(msg_.body().begin(), msg_.body().end(), '\0'), 2);
  const ContentType* ct = value(msg_.contentType());
  ASSERT_NE(ct, nullptr);
  EXPECT_TRUE(ct->is("multipart", "mixed"));
  EXPECT_EQ(ct->params.value("boundary"), "7a9cbec02ceef655");
  EXPECT_EQ(value(msg_.sdp()), nullptr);  // not an SDP body
}

TEST_F(Rfc4475Fields, UnreasonUtf8ReasonPhrase) {
  ASSERT_TRUE(load("unreason.dat"));
  EXPECT_TRUE(msg_.isResponse());
  EXPECT_EQ(msg_.statusCode(), 200);
  // "= 2**3 * 5**2 но сто девяносто девять - простое"
  EXPECT_EQ(msg_.reason(),
            "= 2**3 * 5**2 \xD0\xBD\xD0\xBE \xD1\x81\xD1\x82\xD0\xBE "
            "\xD0\xB4\xD0\xB5\xD0\xB2\xD1\x8F\xD0\xBD\xD0\xBE\xD1\x81\xD1\x82\xD0\xBE "
            "\xD0\xB4\xD0\xB5\xD0\xB2\xD1\x8F\xD1\x82\xD1\x8C - "
            "\xD0\xBF\xD1\x80\xD0\xBE\xD1\x81\xD1\x82\xD0\xBE\xD0\xB5");
  EXPECT_EQ(msg_.body().size(), 154u);
}

TEST_F(Rfc4475Fields, NoreasonEmptyReasonPhrase) {
  ASSERT_TRUE(load("noreason.dat"));
  EXPECT_TRUE(msg_.isResponse());
  EXPECT_EQ(msg_.statusCode(), 100);
  EXPECT_TRUE(msg_.reason().empty());
  EXPECT_EQ(msg_.startLine().line, "SIP/2.0 100 ");
}

TEST_F(Rfc4475Fields, Inv2543OldSyntax) {
  ASSERT_TRUE(load("inv2543.dat"));
  const Via* via = value(msg_.topVia());
  EXPECT_FALSE(via->has_branch);
  EXPECT_FALSE(via->hasMagicCookie());
  EXPECT_EQ(via->host.host, "iftgw.example.com");
  EXPECT_EQ(value(msg_.maxForwards()), std::nullopt);
  EXPECT_EQ(value(msg_.contentLength()), std::nullopt);
  EXPECT_FALSE(value(msg_.from())->params.has("tag"));
  EXPECT_EQ(value(msg_.from())->uri().param("user")->value, "phone");
  // No Content-Length on a datagram: the body is the rest of it.
  EXPECT_EQ(msg_.body(), std::string_view(bytes_).substr(bytes_.find("\r\n\r\n") + 4));
  EXPECT_TRUE(msg_.body().starts_with("v=0"));
  auto rr = value(msg_.recordRoutes());
  ASSERT_EQ(rr.size(), 1u);
  EXPECT_EQ(rr[0].uri().param("maddr")->value, "ss1.example.com");
}

TEST_F(Rfc4475Fields, Cparam01ContactParamOutsideAngles) {
  ASSERT_TRUE(load("cparam01.dat"));
  const ContactList* contacts = value(msg_.contacts());
  ASSERT_EQ(contacts->contacts.size(), 1u);
  const NameAddr& c = contacts->contacts[0];
  EXPECT_FALSE(c.angle);
  EXPECT_EQ(c.uri().raw, "sip:+19725552222@gw1.example.net");
  EXPECT_FALSE(c.uri().hasParam("unknownparam"));
  EXPECT_TRUE(c.params.has("unknownparam"));
}

TEST_F(Rfc4475Fields, Cparam02UriParamInsideAngles) {
  ASSERT_TRUE(load("cparam02.dat"));
  const ContactList* contacts = value(msg_.contacts());
  ASSERT_EQ(contacts->contacts.size(), 1u);
  const NameAddr& c = contacts->contacts[0];
  EXPECT_TRUE(c.angle);
  EXPECT_TRUE(c.uri().hasParam("unknownparam"));
  EXPECT_FALSE(c.params.has("unknownparam"));
  EXPECT_TRUE(c.params.empty());
}

TEST_F(Rfc4475Fields, RegescrtContactKeepsEscapedRoute) {
  ASSERT_TRUE(load("regescrt.dat"));
  EXPECT_EQ(msg_.header("M")->type, HeaderType::Contact);
  const ContactList* contacts = value(msg_.contacts());
  ASSERT_EQ(contacts->contacts.size(), 1u);
  const Uri& uri = contacts->contacts[0].uri();
  EXPECT_EQ(uri.raw, "sip:user@example.com?Route=%3Csip:sip.example.com%3E");
  EXPECT_EQ(uri.headers_raw, "Route=%3Csip:sip.example.com%3E");
  ASSERT_EQ(uri.headers.size(), 1u);
  EXPECT_EQ(uri.headers.begin()->name, "Route");
  EXPECT_EQ(uri.headers.begin()->value, "%3Csip:sip.example.com%3E");
  EXPECT_EQ(unescaped(uri.headers.begin()->value), "<sip:sip.example.com>");
  EXPECT_EQ(value(msg_.routes()).size(), 0u);  // never turned into a real Route
}

TEST_F(Rfc4475Fields, Mcl01ConflictingContentLength) {
  ASSERT_TRUE(load("mcl01.dat"));
  EXPECT_EQ(msg_.count(HeaderType::ContentLength), 2u);
  auto cl = msg_.contentLength();
  ASSERT_FALSE(cl.ok());
  EXPECT_EQ(errcOf(cl.error()), Errc::ConflictingContentLength);
  ASSERT_TRUE(cl.error().hasOffset());
  // The offset names the second header's value ("5").
  EXPECT_EQ(bytes_.substr(cl.error().offset, 3), "5\r\n");
}

TEST_F(Rfc4475Fields, Multi01RepeatedSingleValueHeaders) {
  ASSERT_TRUE(load("multi01.dat"));
  EXPECT_EQ(msg_.count(HeaderType::CallId), 2u);
  EXPECT_EQ(msg_.count(HeaderType::CSeq), 2u);
  EXPECT_EQ(msg_.count(HeaderType::From), 2u);
  EXPECT_EQ(msg_.count(HeaderType::To), 2u);
  // The typed accessors read the first of each.
  EXPECT_EQ(value(msg_.cseq()).number, 5u);
  EXPECT_EQ(value(msg_.callId()), "multi01.98asdh@192.0.2.1");
  EXPECT_EQ(value(msg_.to())->uri().host.host, "example.com");
  EXPECT_EQ(value(msg_.from())->tag(), "3413415");
}

TEST_F(Rfc4475Fields, BcastBroadcastVia) {
  ASSERT_TRUE(load("bcast.dat"));
  auto vias = value(msg_.vias());
  ASSERT_EQ(vias.size(), 2u);
  EXPECT_EQ(vias[1].host.host, "255.255.255.255");
  EXPECT_EQ(vias[1].host.kind, HostKind::IPv4);
}

TEST_F(Rfc4475Fields, ZeromfMaxForwardsZero) {
  ASSERT_TRUE(load("zeromf.dat"));
  auto mf = value(msg_.maxForwards());
  ASSERT_TRUE(mf.has_value());
  EXPECT_EQ(*mf, 0u);
}

TEST_F(Rfc4475Fields, UnkscmUnknownSchemeKeptOpaque) {
  ASSERT_TRUE(load("unkscm.dat"));
  const Uri* ruri = value(msg_.requestUri());
  EXPECT_EQ(ruri->kind, Scheme::Other);
  EXPECT_EQ(ruri->scheme, "nobodyKnowsThisScheme");
  EXPECT_EQ(ruri->opaque, "totallyopaquecontent");
}

TEST_F(Rfc4475Fields, NovelscAtypicalSchemeKeptOpaque) {
  ASSERT_TRUE(load("novelsc.dat"));
  const Uri* ruri = value(msg_.requestUri());
  EXPECT_EQ(ruri->kind, Scheme::Other);
  EXPECT_EQ(ruri->scheme, "soap.beep");
  EXPECT_EQ(ruri->opaque, "//192.0.2.103:3002");
}

TEST_F(Rfc4475Fields, BadbranchBareMagicCookie) {
  ASSERT_TRUE(load("badbranch.dat"));
  const Via* via = value(msg_.topVia());
  EXPECT_TRUE(via->has_branch);
  EXPECT_EQ(via->branch, "z9hG4bK");
  // The bare cookie identifies no transaction: RFC 2543 matching applies (RFC 4475 3.2.1).
  EXPECT_FALSE(via->hasMagicCookie());
}

// --- advisory regressions

class RegressionCorpus : public ::testing::Test {
 protected:
  Result<void> load(const std::string& file) {
    bytes_ = corpus::readFile(corpus::dataPath(kRegressionDir + "/" + file));
    return msg_.parse(bytes_);
  }
  std::string bytes_;
  Arena arena_;
  Message msg_{arena_};
};

TEST_F(RegressionCorpus, EveryFileParsesOrFailsCleanly) {
  auto rows = corpus::readManifest(corpus::dataPath(kRegressionDir + "/manifest.tsv"));
  ASSERT_EQ(rows.size(), 3u);
  for (const ManifestRow& row : rows) {
    arena_.reset();
    std::string bytes = corpus::readFile(corpus::dataPath(kRegressionDir + "/" + row.file));
    Outcome out = check(msg_, bytes);
    if (!out.result) {
      EXPECT_FALSE(out.result.error().detail.empty()) << row.file;
      EXPECT_LT(out.result.error().offset, bytes.size()) << row.file;
    }
  }
}

TEST_F(RegressionCorpus, HeaderNameWithSpaceBeforeColon) {
  auto r = load("cve-2020-28361-kamailio-header-name-trailing-space.sip");
  ASSERT_TRUE(r.ok()) << describe(r.error());
  ASSERT_TRUE(validate(msg_).ok());
  const HeaderField* h = msg_.header("X-Bypass-me");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->name, "X-Bypass-me");
  EXPECT_EQ(h->value, "lol");
  EXPECT_EQ(h->type, HeaderType::Other);
  EXPECT_EQ(msg_.header("x-bypass-me"), h);
  EXPECT_TRUE(h->line.starts_with("X-Bypass-me : lol"));
  const sdp::Session* sdp = msg_.sdp().valueOr(nullptr);
  ASSERT_NE(sdp, nullptr);
  EXPECT_EQ(sdp->media.size(), 1u);
}

TEST_F(RegressionCorpus, LongFromTag) {
  auto r = load("cve-2018-8828-kamailio-tmx-long-from-tag.sip");
  ASSERT_TRUE(r.ok()) << describe(r.error());
  ASSERT_TRUE(validate(msg_).ok());
  auto from = msg_.from();
  ASSERT_TRUE(from.ok());
  std::string_view tag = (*from)->tag();
  EXPECT_EQ(tag.size(), 264u);
  EXPECT_TRUE(tag.starts_with("bk1RdY"));
  EXPECT_TRUE(tag.ends_with("aRg"));
  EXPECT_EQ((*from)->display, "Test");
  EXPECT_EQ(msg_.topVia().valueOr(nullptr)->transport, "TCP");
}

TEST_F(RegressionCorpus, MalformedViaRefused) {
  // A \x16 byte stands where the third line's "V" of "Via" was: a header line without a token
  // name, so the scanner refuses the whole message before any Via value is looked at.
  auto r = load("ghsa-wxfg-3gwh-rhvx-opensips-malformed-via.sip");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(errcOf(r.error()), Errc::BadHeaderLine);
  ASSERT_TRUE(r.error().hasOffset());
  ASSERT_LT(r.error().offset, bytes_.size());
  EXPECT_EQ(bytes_[r.error().offset], '\x16');
}

TEST_F(RegressionCorpus, MalformedViaValuesRefusedOneByOne) {
  // The two Via values before the bad line, on their own, must fail as Vias, never crash.
  Arena arena;
  for (std::string_view value : {"SIP/2.0/\x16UD~PTo :::]"sv, "SIP/2.0/UD~PToD~PTo :::]"sv}) {
    ArenaVector<Via> out;
    auto r = parseViaHeader(value, arena, out);
    EXPECT_FALSE(r.ok()) << value;
    if (!r.ok()) {
      EXPECT_LE(r.error().offset, value.size());
    }
  }
}

}  // namespace
}  // namespace pinhole::sip
