// Escaping of untrusted text (log lines, file names, notes) for the exporters' output formats.
// Markdown escaping is the playbook's escapeMarkdown() (playbook/playbookreport.h).
#pragma once

#include <QByteArray>
#include <QString>

namespace gateline {

// HTML text and attribute values: & < > " ' as entities; control characters (and U+2028/9) as spaces.
QString htmlEscape(const QString &text);

// One RFC 4180 CSV field: quoted (with "" for ") when it holds , " CR or LF or starts/ends with a space.
// defuse: a field starting with = + - @ TAB or CR gets a leading ' so spreadsheets do not run it as a
// formula. Use it for every text that comes from a log; not for numbers Gateline writes itself.
QString csvField(const QString &text, bool defuse = true);

// A JSON string literal (with the quotes), UTF-8. Control characters, U+2028/9 and < > & are \u-escaped
// so that the JSON is also safe to embed in HTML.
QByteArray jsonQuote(const QString &text);

} // namespace gateline
