#include "parserregistry.h"

#include "albparser.h"
#include "cloudflareparser.h"
#include "cloudfrontparser.h"
#include "envoyparser.h"
#include "controllerlogparser.h"
#include "gcplbparser.h"
#include "k8sdescribeparser.h"
#include "k8seventsparser.h"
#include "k8spodsparser.h"
#include "nginxaccessparser.h"
#include "nginxerrorparser.h"
#include "nginxingressparser.h"
#include "traefikclfparser.h"
#include "traefikjsonparser.h"

namespace gateline {

QList<SourceFormat> ParserRegistry::formats()
{
    return {SourceFormat::Alb,         SourceFormat::NginxIngress, SourceFormat::NginxAccess,
            SourceFormat::NginxError,  SourceFormat::TraefikClf,   SourceFormat::TraefikJson,
            SourceFormat::K8sEvents,   SourceFormat::K8sPods,      SourceFormat::GcpLb,
            SourceFormat::ControllerLog, SourceFormat::K8sDescribe, SourceFormat::Envoy,
            SourceFormat::CloudFront,  SourceFormat::Cloudflare};
}

std::unique_ptr<LogParser> ParserRegistry::create(SourceFormat f)
{
    switch (f) {
    case SourceFormat::Alb: return std::make_unique<AlbParser>();
    case SourceFormat::NginxAccess: return std::make_unique<NginxAccessParser>();
    case SourceFormat::NginxIngress: return std::make_unique<NginxIngressParser>();
    case SourceFormat::NginxError: return std::make_unique<NginxErrorParser>();
    case SourceFormat::TraefikClf: return std::make_unique<TraefikClfParser>();
    case SourceFormat::TraefikJson: return std::make_unique<TraefikJsonParser>();
    case SourceFormat::K8sEvents: return std::make_unique<K8sEventsParser>();
    case SourceFormat::K8sPods: return std::make_unique<K8sPodsParser>();
    case SourceFormat::K8sDescribe: return std::make_unique<K8sDescribeParser>();
    case SourceFormat::GcpLb: return std::make_unique<GcpLbParser>();
    case SourceFormat::Envoy: return std::make_unique<EnvoyParser>();
    case SourceFormat::ControllerLog: return std::make_unique<ControllerLogParser>();
    case SourceFormat::CloudFront: return std::make_unique<CloudFrontParser>();
    case SourceFormat::Cloudflare: return std::make_unique<CloudflareParser>();
    case SourceFormat::Unknown: break;
    }
    return nullptr;
}

SniffResult ParserRegistry::sniff(QByteArrayView head)
{
    SniffResult best;
    if (head.trimmed().isEmpty()) {
        best.reason = head.isEmpty() ? QStringLiteral("empty file") : QStringLiteral("only whitespace");
        return best;
    }
    // Binary data: NUL bytes or many control characters in the head.
    qsizetype control = 0;
    const qsizetype n = std::min<qsizetype>(head.size(), 8192);
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char c = head[i];
        if (c == 0) {
            best.reason = QStringLiteral("binary data (NUL bytes), not a text log");
            return best;
        }
        if (c < 32 && c != '\n' && c != '\r' && c != '\t')
            ++control;
    }
    if (control * 20 > n) {
        best.reason = QStringLiteral("binary data (control characters), not a text log");
        return best;
    }
    for (SourceFormat f : formats()) {
        const int score = create(f)->sniff(head);
        if (score > best.score) {
            best.format = f;
            best.score = score;
        }
    }
    if (best.score < 30) {
        best.format = SourceFormat::Unknown;
        best.score = 0;
        best.reason = QStringLiteral("text in no known format");
    }
    return best;
}

} // namespace gateline
