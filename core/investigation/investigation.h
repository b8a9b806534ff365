// A saved investigation (a `.gateline` file, JSON, MIME type application/x-gateline-investigation):
// the bundle paths, the user's clock offsets, the playbook verdicts, the notes pinned to moments,
// the matching window, the view and the capture time of kubectl output with relative ages. Written
// atomically with QSaveFile.
#pragma once

#include "timerange/timemapping.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace gateline {

inline constexpr char kInvestigationMimeType[] = "application/x-gateline-investigation";
inline constexpr char kInvestigationSuffix[] = "gateline";
inline constexpr char kInvestigationSchema[] = "gateline.investigation/1";

struct PinnedNote {
    qint64 us = 0;  // aligned UTC microseconds
    QString text;   // plain text, never rendered as rich text
    bool operator==(const PinnedNote &) const = default;
};

struct SavedOffset {
    QString source; // display path of the source
    double seconds = 0;
    bool operator==(const SavedOffset &) const = default;
};

struct SavedVerdict {
    QString step;     // playbook step id
    QString verdict;  // the verdict id chosen ("yes", "no", "unclear", ...)
    bool overridden = false; // the user chose other than the suggestion
    QString comment;
    bool operator==(const SavedVerdict &) const = default;
};

struct Investigation {
    QStringList bundlePaths; // absolute paths of what was opened
    QList<SavedOffset> offsets;
    QList<SavedVerdict> verdicts;
    QList<PinnedNote> notes;
    double matchWindowSeconds = 30;
    TimeSpan visible;
    TimeSpan selection;
    TimeSpan pinned; // the range the source panes were pinned to (invalid: they follow the chart)
    // The "now" kubectl's relative ages ("5m", "(x5 over 34m)") count back from, as the user set it
    // (UTC); invalid: the files' own (a time line in the file, else its modification time).
    QDateTime captureTime;

    bool operator==(const Investigation &) const = default;

    // fileDir: the .gateline file's folder, to also store paths relative to it.
    QJsonObject toJson(const QString &fileDir = {}) const;
    // Paths that are missing where saved are looked for relative to fileDir.
    static std::optional<Investigation> fromJson(const QJsonObject &o, const QString &fileDir, QString *error);

    bool save(const QString &path, QString *error) const;
    static std::optional<Investigation> load(const QString &path, QString *error);
};

} // namespace gateline
