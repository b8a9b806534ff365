#include "textescape.h"

namespace gateline {

namespace {
bool isControl(char16_t u)
{
    return u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0) || u == 0x2028 || u == 0x2029;
}
} // namespace

QString htmlEscape(const QString &text)
{
    QString out;
    out.reserve(text.size() + 16);
    for (QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case '&': out += QLatin1StringView("&amp;"); break;
        case '<': out += QLatin1StringView("&lt;"); break;
        case '>': out += QLatin1StringView("&gt;"); break;
        case '"': out += QLatin1StringView("&quot;"); break;
        case '\'': out += QLatin1StringView("&#39;"); break;
        default:
            out += isControl(u) ? QLatin1Char(' ') : c;
        }
    }
    return out;
}

QString csvField(const QString &text, bool defuse)
{
    QString t = text;
    if (defuse && !t.isEmpty()) {
        const char16_t first = t.front().unicode();
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r')
            t.prepend(QLatin1Char('\''));
    }
    bool quote = !t.isEmpty() && (t.front() == QLatin1Char(' ') || t.back() == QLatin1Char(' '));
    for (QChar c : t) {
        if (c == QLatin1Char(',') || c == QLatin1Char('"') || c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            quote = true;
            break;
        }
    }
    if (!quote)
        return t;
    t.replace(QLatin1Char('"'), QLatin1StringView("\"\""));
    return QLatin1Char('"') + t + QLatin1Char('"');
}

QByteArray jsonQuote(const QString &text)
{
    static const char hex[] = "0123456789abcdef";
    QString out;
    out.reserve(text.size() + 2);
    out += QLatin1Char('"');
    for (QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case '"': out += QLatin1StringView("\\\""); break;
        case '\\': out += QLatin1StringView("\\\\"); break;
        case '\n': out += QLatin1StringView("\\n"); break;
        case '\r': out += QLatin1StringView("\\r"); break;
        case '\t': out += QLatin1StringView("\\t"); break;
        default:
            if (u < 0x20 || u == 0x7f || u == 0x2028 || u == 0x2029 || u == '<' || u == '>' || u == '&') {
                out += QLatin1StringView("\\u");
                for (int shift = 12; shift >= 0; shift -= 4)
                    out += QLatin1Char(hex[(u >> shift) & 0xf]);
            } else {
                out += c;
            }
        }
    }
    out += QLatin1Char('"');
    return out.toUtf8();
}

} // namespace gateline
