#include "s3source.h"

#include "formats/albfilename.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

namespace gateline {

namespace {
constexpr int kMaxWalkPrefixes = 500;

// Where a prefix sits in AWSLogs/ACCOUNT/elasticloadbalancing/REGION/YYYY/MM/DD/.
enum class Level { Unknown, Above, Region, Year, Month };

Level levelOf(const QString &prefix, QString *regionRoot, QString *datePart)
{
    static const QRegularExpression re(QStringLiteral(
        "^(.*?(?:^|/)AWSLogs/\\d+/elasticloadbalancing/[^/]+/)(\\d{4}/(?:\\d{2}/)?)?$"));
    const QRegularExpressionMatch m = re.match(prefix);
    if (m.hasMatch()) {
        *regionRoot = m.captured(1);
        *datePart = m.captured(2);
        return datePart->isEmpty() ? Level::Region : (datePart->size() == 5 ? Level::Year : Level::Month);
    }
    static const QRegularExpression above(
        QStringLiteral("^(?:(?:.*/)?AWSLogs/(?:\\d+/(?:elasticloadbalancing/)?)?)?$"));
    if (prefix.isEmpty() || above.match(prefix).hasMatch())
        return Level::Above;
    return Level::Unknown;
}

QString u(const QString &bucket, const QString &key)
{
    return QStringLiteral("s3://%1/%2").arg(bucket, key);
}
} // namespace

QString formatBytes(qint64 bytes)
{
    if (bytes >= (1ll << 30))
        return QStringLiteral("%1 GiB").arg(bytes / double(1ll << 30), 0, 'f', 2);
    if (bytes >= (1 << 20))
        return QStringLiteral("%1 MiB").arg(bytes / double(1 << 20), 0, 'f', 1);
    if (bytes >= 1024)
        return QStringLiteral("%1 KiB").arg(bytes / 1024.0, 0, 'f', 0);
    return QStringLiteral("%1 B").arg(bytes);
}

QString S3Plan::summary() const
{
    QString s = QStringLiteral("%1 object%2, %3 to fetch")
                    .arg(objects.size())
                    .arg(objects.size() == 1 ? QString() : QStringLiteral("s"), formatBytes(totalBytes));
    if (skippedKeys)
        s += QStringLiteral("; %1 key%2 outside the range skipped").arg(skippedKeys).arg(skippedKeys == 1 ? QString() : QStringLiteral("s"));
    if (untimedKeys)
        s += QStringLiteral("; %1 without an ALB time in the name (read whatever the range)").arg(untimedKeys);
    return s;
}

QStringList albDayFoldersFor(const IngestRange &range, int maxDays)
{
    if (range.fromUs == IngestRange::kOpenStart || range.untilUs == IngestRange::kOpenEnd || range.untilUs <= range.fromUs)
        return {};
    const qint64 before = AlbFileName::kWindowUs + IngestRange::kSlackUs;
    const QDate first = QDateTime::fromMSecsSinceEpoch((range.fromUs - before) / 1000, QTimeZone::UTC).date();
    const QDate last = QDateTime::fromMSecsSinceEpoch((range.untilUs + IngestRange::kSlackUs) / 1000, QTimeZone::UTC).date();
    if (first.daysTo(last) > maxDays)
        return {};
    QStringList days;
    for (QDate d = first; d <= last; d = d.addDays(1))
        days << d.toString(QStringLiteral("yyyy/MM/dd/"));
    return days;
}

LiveError planS3(S3Client &client, const QList<S3Location> &sources, const IngestRange &range, S3Plan *plan)
{
    const TimePruner pruner(range);
    const QStringList days = albDayFoldersFor(range);
    const int pagesBefore = client.listPages();
    for (const S3Location &src : sources) {
        // The prefixes to list flat for this source.
        QStringList prefixes;
        QString key = src.key;
        bool single = false;
        if (!key.isEmpty() && !key.endsWith(QLatin1Char('/'))) {
            // An object, or a folder given without its slash.
            QList<S3Object> found;
            if (LiveError e = client.list(src.bucket, key, QString(), &found, nullptr, 100000); e.isError())
                return e;
            const auto exact = std::find_if(found.begin(), found.end(), [&](const S3Object &o) { return o.key == key; });
            if (exact != found.end()) {
                plan->objects.append({src.bucket, *exact});
                plan->totalBytes += exact->size;
                ++plan->keysListed;
                plan->listedPrefixes << u(src.bucket, key);
                single = true;
            } else if (std::any_of(found.begin(), found.end(), [&](const S3Object &o) { return o.key.startsWith(key + QLatin1Char('/')); })) {
                key += QLatin1Char('/');
            } else {
                return LiveError::make(LiveError::NotFound,
                                       QStringLiteral("Nothing at %1: no object and no folder of that name.").arg(src.url()));
            }
        }
        if (single)
            continue;
        const int keysBefore = plan->keysListed;
        QString regionRoot, datePart;
        Level level = days.isEmpty() ? Level::Unknown : levelOf(key, &regionRoot, &datePart);
        QStringList regionRoots;
        if (level == Level::Above) {
            // Walk down the layout with a delimiter to every REGION/ folder (bounded).
            QStringList frontier{key};
            for (int depth = 0; depth < 4 && !frontier.isEmpty(); ++depth) {
                QStringList next;
                for (const QString &p : std::as_const(frontier)) {
                    QString rr, dp;
                    if (levelOf(p, &rr, &dp) == Level::Region) {
                        regionRoots << p;
                        continue;
                    }
                    QList<S3Object> ignored;
                    QStringList children;
                    if (LiveError e = client.list(src.bucket, p, QStringLiteral("/"), &ignored, &children); e.isError())
                        return e;
                    for (const QString &c : std::as_const(children)) {
                        QString r2, d2;
                        const Level l = levelOf(c, &r2, &d2);
                        if (l == Level::Region || l == Level::Above)
                            next << c;
                    }
                    if (next.size() + regionRoots.size() > kMaxWalkPrefixes)
                        return LiveError::make(LiveError::Config,
                                               QStringLiteral("Over %1 folders under %2: give the ALB's folder "
                                                              "(AWSLogs/ACCOUNT/elasticloadbalancing/REGION/).")
                                                   .arg(kMaxWalkPrefixes).arg(src.url()));
                }
                frontier = next;
            }
            if (regionRoots.isEmpty())
                level = Level::Unknown; // not AWS's layout after all: list it all
        } else if (level != Level::Unknown) {
            regionRoots << regionRoot;
        }
        if (level == Level::Unknown) {
            prefixes << key;
        } else {
            for (const QString &root : std::as_const(regionRoots))
                for (const QString &d : days)
                    if (d.startsWith(root == regionRoot ? datePart : QString()))
                        prefixes << root + d;
        }
        for (const QString &p : std::as_const(prefixes)) {
            QList<S3Object> objects;
            if (LiveError e = client.list(src.bucket, p, QString(), &objects); e.isError())
                return e;
            plan->listedPrefixes << u(src.bucket, p);
            for (const S3Object &o : std::as_const(objects)) {
                if (o.key.endsWith(QLatin1Char('/')))
                    continue; // a folder marker
                ++plan->keysListed;
                const PruneDecision d = pruner.byName(o.key);
                if (d.skip) {
                    ++plan->skippedKeys;
                    plan->skippedUrls << u(src.bucket, o.key);
                    continue;
                }
                if (d.basis == PruneDecision::None)
                    ++plan->untimedKeys;
                plan->objects.append({src.bucket, o});
                plan->totalBytes += o.size;
            }
        }
        if (plan->keysListed == keysBefore)
            plan->emptySources << src.url();
    }
    plan->listPages += client.listPages() - pagesBefore;
    return {};
}

S3LoadResult loadSources(const QStringList &inputs, const IngestOptions &ingest, const S3LoadOptions &s3,
                         const CancelFlag *cancel, const S3LoadCallbacks &callbacks)
{
    S3LoadResult result;
    QStringList local;
    QList<S3Location> remote;
    for (const QString &in : inputs) {
        if (!isS3Url(in)) {
            local << in;
            continue;
        }
        S3Location loc;
        QString why;
        if (!S3Location::parse(in, &loc, &why)) {
            result.error = LiveError::make(LiveError::Config, why);
            return result;
        }
        remote << loc;
    }
    result.hadS3 = !remote.isEmpty();
    if (remote.isEmpty()) {
        result.store = BundleLoader(ingest).load(local, cancel, callbacks.ingest);
        return result;
    }
    S3Config config;
    if (const QString e = resolveS3Config(s3.env, s3.home, s3.endpoint, s3.region, &config); !e.isEmpty()) {
        result.error = LiveError::make(LiveError::Config, e);
        return result;
    }
    result.endpointDescription = config.describe();
    {
        S3Client client(config, s3.retry);
        client.setCancelFlag(cancel);
        if (LiveError e = planS3(client, remote, ingest.range, &result.plan); e.isError()) {
            result.error = e;
            return result;
        }
    }
    if (callbacks.listed)
        callbacks.listed(result.plan);

    QList<std::shared_ptr<S3ObjectState>> states;
    QSet<QString> inUse;
    QList<StreamSource> streams;
    for (const S3PlannedObject &o : std::as_const(result.plan.objects)) {
        auto s = std::make_shared<S3ObjectState>();
        s->bucket = o.bucket;
        s->key = o.object.key;
        s->etag = o.object.etag;
        s->size = o.object.size;
        s->path = s3.cache.pathFor(o.bucket, o.object.key);
        inUse.insert(s->path);
        states << s;
        StreamSource src;
        src.display = o.url();
        src.filePath = s->path;
        src.size = s->size;
        src.open = [s, cancel]() -> std::unique_ptr<ByteStream> { return std::make_unique<S3ObjectStream>(s, cancel); };
        streams << src;
    }
    s3.cache.evict(inUse);
    {
        S3DownloadProgressFn progress;
        if (callbacks.download || s3.observe)
            progress = [first = callbacks.download, second = s3.observe](const S3DownloadProgress &p) {
                if (first)
                    first(p);
                if (second)
                    second(p);
            };
        S3Downloader downloader(config, s3.retry, s3.cache, s3.concurrency, cancel, progress);
        downloader.start(states);
        result.store = BundleLoader(ingest).load(local, streams, cancel, callbacks.ingest);
        downloader.wait();
        result.download = downloader.progress();
    }
    for (const QString &empty : std::as_const(result.plan.emptySources))
        result.store.unrecognised.append({empty, albDayFoldersFor(ingest.range).isEmpty()
                                                     ? QStringLiteral("no object under this prefix")
                                                     : QStringLiteral("no object under this prefix in the day folders of "
                                                                      "the range")});
    // What did not come whole is said, once per object.
    for (const auto &s : std::as_const(states)) {
        if (!s->error.isEmpty())
            result.store.messages << s->error;
    }
    if (result.download.rangeFallbacks > 0)
        result.store.messages << QStringLiteral("S3: a Range answer did not match the bytes already read (%1); %2 resumed "
                                                "object%3 fetched again from the start instead, the bytes already read "
                                                "checked and dropped")
                                     .arg(result.download.rangeProblem)
                                     .arg(result.download.rangeFallbacks)
                                     .arg(result.download.rangeFallbacks == 1 ? QStringLiteral(" was") : QStringLiteral("s were"));
    RangePruning &pruning = result.store.pruning;
    if (pruning.active && result.plan.skippedKeys > 0) {
        pruning.filesSkipped += result.plan.skippedKeys;
        pruning.byFileName += result.plan.skippedKeys;
        pruning.skippedPaths << result.plan.skippedUrls;
        std::sort(pruning.skippedPaths.begin(), pruning.skippedPaths.end());
    }
    return result;
}

} // namespace gateline
