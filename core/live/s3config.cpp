#include "s3config.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace gateline {

bool isS3Url(const QString &text)
{
    return text.startsWith(QLatin1StringView("s3://"), Qt::CaseInsensitive);
}

bool S3Location::parse(const QString &text, S3Location *out, QString *error)
{
    if (!isS3Url(text))
        return false;
    const QString rest = text.mid(5);
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    S3Location loc;
    loc.bucket = slash < 0 ? rest : rest.left(slash);
    loc.key = slash < 0 ? QString() : rest.mid(slash + 1);
    // Bucket names: 3-63 of a-z 0-9 . - (S3's rules); anything else is a typo we say so about.
    static const QRegularExpression bucketRe(QStringLiteral("^[a-z0-9][a-z0-9.\\-_]{1,62}$"));
    if (!bucketRe.match(loc.bucket).hasMatch()) {
        if (error)
            *error = QStringLiteral("'%1' is not an S3 bucket name (s3://BUCKET/PREFIX)").arg(loc.bucket);
        return false;
    }
    *out = loc;
    return true;
}

QUrl S3Config::baseUrl() const
{
    if (endpoint.isValid() && !endpoint.isEmpty())
        return endpoint;
    return QUrl(QStringLiteral("https://s3.%1.amazonaws.com").arg(region.isEmpty() ? QStringLiteral("us-east-1") : region));
}

QString S3Config::describe() const
{
    QUrl shown = baseUrl();
    shown.setUserInfo(QString());
    shown.setQuery(QString());
    return QStringLiteral("%1, region %2, credentials from %3")
        .arg(shown.toString(), region, credentials.source.isEmpty() ? QStringLiteral("nowhere") : credentials.source);
}

QMap<QString, QMap<QString, QString>> parseAwsIni(const QByteArray &text)
{
    QMap<QString, QMap<QString, QString>> sections;
    QString section, parentKey;
    const QList<QByteArray> lines = text.split('\n');
    for (const QByteArray &raw : lines) {
        const QString line = QString::fromUtf8(raw).remove(QLatin1Char('\r'));
        const QString t = line.trimmed();
        if (t.isEmpty() || t.startsWith(QLatin1Char('#')) || t.startsWith(QLatin1Char(';')))
            continue;
        if (t.startsWith(QLatin1Char('[')) && t.endsWith(QLatin1Char(']'))) {
            section = t.mid(1, t.size() - 2).simplified();
            parentKey.clear();
            sections[section];
            continue;
        }
        const qsizetype eq = t.indexOf(QLatin1Char('='));
        if (eq <= 0 || section.isEmpty())
            continue;
        const QString key = t.left(eq).trimmed().toLower();
        const QString value = t.mid(eq + 1).trimmed();
        const bool indented = line.startsWith(QLatin1Char(' ')) || line.startsWith(QLatin1Char('\t'));
        if (indented && !parentKey.isEmpty()) {
            sections[section].insert(parentKey + QLatin1Char('.') + key, value);
            continue;
        }
        parentKey = value.isEmpty() ? key : QString();
        sections[section].insert(key, value);
    }
    return sections;
}

namespace {
QByteArray readSmallFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.size() > (1 << 20))
        return {};
    return f.readAll();
}

QString expandHome(const QString &path, const QString &home)
{
    if (path.startsWith(QLatin1StringView("~/")))
        return home + path.mid(1);
    return path;
}
} // namespace

QString resolveS3Config(const QProcessEnvironment &env, const QString &home, const QString &endpointOverride,
                        const QString &regionOverride, S3Config *out)
{
    S3Config c;
    const QString profile = env.value(QStringLiteral("AWS_PROFILE"), env.value(QStringLiteral("AWS_DEFAULT_PROFILE")));
    const QString profileName = profile.isEmpty() ? QStringLiteral("default") : profile;
    const QString credPath = expandHome(env.value(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"),
                                                  home + QStringLiteral("/.aws/credentials")), home);
    const QString confPath = expandHome(env.value(QStringLiteral("AWS_CONFIG_FILE"), home + QStringLiteral("/.aws/config")), home);
    const auto credFile = parseAwsIni(readSmallFile(credPath));
    const auto confFile = parseAwsIni(readSmallFile(confPath));
    const QMap<QString, QString> conf = profileName == QLatin1StringView("default")
        ? confFile.value(QStringLiteral("default"), confFile.value(QStringLiteral("profile default")))
        : confFile.value(QStringLiteral("profile ") + profileName, confFile.value(profileName));
    const QMap<QString, QString> cred = credFile.value(profileName);
    if (!profile.isEmpty() && !credFile.contains(profileName) && conf.isEmpty())
        return QStringLiteral("AWS_PROFILE is '%1', but neither %2 nor %3 has that profile")
            .arg(profile, credPath, confPath);
    c.profile = profileName;

    // Credentials: the environment first (as the AWS CLI), then the profile's credentials file,
    // then keys written into the profile's config section.
    const QString envKey = env.value(QStringLiteral("AWS_ACCESS_KEY_ID"));
    const QString envSecret = env.value(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
    if (!envKey.isEmpty() && !envSecret.isEmpty() && profile.isEmpty()) {
        c.credentials = {envKey, envSecret, env.value(QStringLiteral("AWS_SESSION_TOKEN")),
                         QStringLiteral("the environment (AWS_ACCESS_KEY_ID)")};
    } else {
        const QMap<QString, QString> &k = cred.contains(QStringLiteral("aws_access_key_id")) ? cred : conf;
        if (k.contains(QStringLiteral("aws_access_key_id")))
            c.credentials = {k.value(QStringLiteral("aws_access_key_id")), k.value(QStringLiteral("aws_secret_access_key")),
                             k.value(QStringLiteral("aws_session_token")),
                             QStringLiteral("profile '%1' in %2").arg(profileName, &k == &cred ? credPath : confPath)};
        else if (!envKey.isEmpty() && !envSecret.isEmpty())
            c.credentials = {envKey, envSecret, env.value(QStringLiteral("AWS_SESSION_TOKEN")),
                             QStringLiteral("the environment (AWS_ACCESS_KEY_ID)")};
    }
    if (!c.credentials.isValid()) {
        if (!c.credentials.accessKeyId.isEmpty())
            return QStringLiteral("%1 has aws_access_key_id but no aws_secret_access_key").arg(c.credentials.source);
        return QStringLiteral("No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE "
                              "with a profile in %1")
            .arg(credPath);
    }

    c.region = regionOverride;
    if (c.region.isEmpty())
        c.region = env.value(QStringLiteral("AWS_REGION"), env.value(QStringLiteral("AWS_DEFAULT_REGION")));
    if (c.region.isEmpty())
        c.region = conf.value(QStringLiteral("region"));
    if (c.region.isEmpty())
        c.region = QStringLiteral("us-east-1");

    QString endpoint = endpointOverride;
    QString endpointFrom = QStringLiteral("--s3-endpoint");
    const std::pair<QString, QString> candidates[] = {
        {env.value(QStringLiteral("AWS_ENDPOINT_URL_S3")), QStringLiteral("AWS_ENDPOINT_URL_S3")},
        {env.value(QStringLiteral("AWS_ENDPOINT_URL")), QStringLiteral("AWS_ENDPOINT_URL")},
        {conf.value(QStringLiteral("s3.endpoint_url")), QStringLiteral("s3.endpoint_url of profile '%1'").arg(profileName)},
        {conf.value(QStringLiteral("endpoint_url")), QStringLiteral("endpoint_url of profile '%1'").arg(profileName)},
    };
    for (const auto &[value, from] : candidates) {
        if (!endpoint.isEmpty())
            break;
        endpoint = value;
        endpointFrom = from;
    }
    if (!endpoint.isEmpty()) {
        const QUrl url = QUrl::fromUserInput(endpoint);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty()
            || (scheme != QLatin1StringView("http") && scheme != QLatin1StringView("https")))
            return QStringLiteral("%1 is not an http(s) URL: '%2'").arg(endpointFrom, endpoint);
        if (!url.userInfo().isEmpty())
            return QStringLiteral("%1 must not hold credentials; use AWS_ACCESS_KEY_ID or a profile").arg(endpointFrom);
        c.endpoint = url;
        c.notes << QStringLiteral("endpoint from %1").arg(endpointFrom);
    }
    *out = c;
    return {};
}

} // namespace gateline
