// Helpers shared by the Kubernetes document parsers (events, pods): reading JSON / NDJSON / YAML
// documents into objects with their byte offsets, picking times, naming objects, and sniffing.
#pragma once

#include "logparser.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <vector>

namespace gateline::k8s {

// One object found in a document: a List's item, a YAML document, a JSON value or an NDJSON line.
struct Item {
    QJsonObject object;
    qint64 offset = 0;
};

// Maps byte offsets to 1-based line numbers (for rejects).
class LineIndex
{
public:
    explicit LineIndex(QByteArrayView doc);
    qint64 lineOf(qint64 offset) const;
    qint64 lineCount() const { return m_lineCount; }

private:
    std::vector<qint64> m_newlines;
    qint64 m_lineCount = 0;
};

// True if the first non-blank byte (after a UTF-8 BOM) is '{' or '['.
bool looksLikeJson(QByteArrayView doc);

// Reads every JSON value in doc (one document, concatenated documents, or one per line) and
// flattens Lists ("items" arrays) into their items. Broken pieces are rejected on out with their line.
QList<Item> readJsonObjects(QByteArrayView doc, const LineIndex &lines, ParseContext &ctx);
// The same for a YAML stream of one or more documents.
QList<Item> readYamlObjects(QByteArrayView doc, const LineIndex &lines, ParseContext &ctx);

// An RFC 3339 string value as a Timestamp; false for null, absent, empty or malformed values.
bool parseTime(const QJsonValue &v, Timestamp *out);
// True if v is a string that is not empty (a time was given, whether or not it parses).
bool hasString(const QJsonValue &v);
// "Kind/name" of an object reference ({kind, name}); just the name if kind is empty.
QByteArray objectName(const QJsonObject &ref);
// UTF-8 of a string value, cut to at most maxBytes without splitting a character.
QByteArray utf8(const QJsonValue &v, qsizetype maxBytes = 4096);
// Integer value of a number or numeric string; fallback if absent or not a number.
qint64 intValue(const QJsonValue &v, qint64 fallback);

// What a head of text looks like to the Kubernetes parsers.
struct SniffInfo {
    qsizetype firstEvent = -1;  // position of the first Event marker (involvedObject, kind: Event, ...)
    qsizetype firstPod = -1;    // position of the first Pod marker (containerStatuses, kind: Pod, ...)
    bool eventFields = false;   // reason / firstTimestamp / lastTimestamp / eventTime seen
    bool eventTable = false;    // starts with a `kubectl get events` table header
};
SniffInfo sniff(QByteArrayView head);
// "LAST SEEN   TYPE   REASON   OBJECT   MESSAGE" (maybe with NAMESPACE first, or the old/wide columns).
bool isEventTableHeader(QByteArrayView line);
// A line holding only an RFC 3339 time (e.g. `date -u +%FT%TZ` run before kubectl).
bool isTimestampLine(QByteArrayView line, Timestamp *out);

// Adds "skipped N objects of other kinds (A, B)" to out.notes if anything was skipped.
class SkippedKinds
{
public:
    void add(const QString &kind);
    void addNote(SourceData &out, const QString &wanted) const;

private:
    qint64 m_count = 0;
    QStringList m_kinds;
};

} // namespace gateline::k8s
