// libFuzzer target for the ~/.aws credentials and config parser (core/live/s3config.*): the INI
// reader on its own, then the whole resolution with the input as both files. Neither may crash;
// parsed keys are trimmed, lower-case and without '='; a resolved configuration has valid
// credentials and an http(s) endpoint without user info, and its description never shows the secret.
#include "live/s3config.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdlib>
#include <memory>

namespace {
std::unique_ptr<QTemporaryDir> g_home;
}

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    g_home = std::make_unique<QTemporaryDir>();
    return g_home->isValid() ? 0 : 1;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace gateline;
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));

    const auto sections = parseAwsIni(text);
    for (auto s = sections.cbegin(); s != sections.cend(); ++s) {
        if (s.key() != s.key().simplified())
            std::abort();
        for (auto kv = s.value().cbegin(); kv != s.value().cend(); ++kv) {
            const QString &k = kv.key();
            if (k.isEmpty() || k.contains(QLatin1Char('=')) || k != k.toLower() || k != k.trimmed()
                || kv.value() != kv.value().trimmed())
                std::abort();
        }
    }

    // The same bytes as ~/.aws/credentials and ~/.aws/config, with and without a profile named.
    const QString credPath = g_home->filePath(QStringLiteral("credentials"));
    const QString confPath = g_home->filePath(QStringLiteral("config"));
    for (const QString &path : {credPath, confPath}) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size())
            std::abort();
    }
    for (const char *profile : {"", "dev"}) {
        QProcessEnvironment env;
        env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), credPath);
        env.insert(QStringLiteral("AWS_CONFIG_FILE"), confPath);
        if (*profile)
            env.insert(QStringLiteral("AWS_PROFILE"), QString::fromLatin1(profile));
        S3Config c;
        const QString error = resolveS3Config(env, g_home->path(), {}, {}, &c);
        if (!error.isEmpty())
            continue;
        if (!c.credentials.isValid() || c.region.isEmpty())
            std::abort();
        if (!c.endpoint.isEmpty()) {
            const QString scheme = c.endpoint.scheme().toLower();
            if (c.endpoint.host().isEmpty() || !c.endpoint.userInfo().isEmpty()
                || (scheme != QLatin1StringView("http") && scheme != QLatin1StringView("https")))
                std::abort();
        }
        const QString secret = c.credentials.secretAccessKey;
        const QString shown = c.describe();
        if (secret.size() >= 16 && shown.contains(secret) && !c.region.contains(secret)
            && !c.baseUrl().toString().contains(secret) && !c.credentials.source.contains(secret))
            std::abort();
    }
    return 0;
}
