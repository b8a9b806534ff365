// Walks a log line field by field: bare tokens split on spaces, "quoted" strings with \" escapes,
// and [bracketed] groups. Never allocates; views point into the line.
#pragma once

#include <QByteArrayView>

namespace gateline {

class FieldCursor
{
public:
    explicit FieldCursor(QByteArrayView line) : m_s(line) {}

    bool atEnd() const { return m_pos >= m_s.size(); }
    qsizetype position() const { return m_pos; }
    QByteArrayView rest() const { return m_s.sliced(std::min(m_pos, m_s.size())); }
    void skipSpaces()
    {
        while (m_pos < m_s.size() && m_s[m_pos] == ' ')
            ++m_pos;
    }
    // A bare token up to the next space.
    bool token(QByteArrayView *out)
    {
        skipSpaces();
        if (atEnd())
            return false;
        const qsizetype start = m_pos;
        while (m_pos < m_s.size() && m_s[m_pos] != ' ')
            ++m_pos;
        *out = m_s.sliced(start, m_pos - start);
        return true;
    }
    // A "quoted" string (content without quotes, escapes left as they are). A bare '-' is
    // accepted as an unquoted field too when allowBare is true.
    bool quoted(QByteArrayView *out, bool allowBare = false)
    {
        skipSpaces();
        if (atEnd())
            return false;
        if (m_s[m_pos] != '"')
            return allowBare ? token(out) : false;
        const qsizetype start = ++m_pos;
        while (m_pos < m_s.size()) {
            const char c = m_s[m_pos];
            if (c == '\\' && m_pos + 1 < m_s.size()) {
                m_pos += 2;
                continue;
            }
            if (c == '"') {
                *out = m_s.sliced(start, m_pos - start);
                ++m_pos;
                return true;
            }
            ++m_pos;
        }
        return false;
    }
    // A [bracketed] group (content without brackets).
    bool bracketed(QByteArrayView *out)
    {
        skipSpaces();
        if (atEnd() || m_s[m_pos] != '[')
            return false;
        const qsizetype start = ++m_pos;
        while (m_pos < m_s.size() && m_s[m_pos] != ']')
            ++m_pos;
        if (m_pos >= m_s.size())
            return false;
        *out = m_s.sliced(start, m_pos - start);
        ++m_pos;
        return true;
    }

private:
    QByteArrayView m_s;
    qsizetype m_pos = 0;
};

// "GET /path HTTP/1.1" -> method, target (path; for absolute URLs "https://h:443/p" the path part
// and the host). Returns false if the request does not have that shape.
bool splitRequest(QByteArrayView request, QByteArrayView *method, QByteArrayView *path, QByteArrayView *host = nullptr);
// "10.0.0.1:443" or "[fe80::1]:443" -> "10.0.0.1" / "fe80::1".
QByteArrayView stripPort(QByteArrayView hostPort);

} // namespace gateline
