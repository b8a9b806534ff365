#include "yamldocument.h"

#include <QJsonArray>
#include <QJsonObject>

#include <charconv>
#include <string>
#include <vector>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

namespace gateline {

namespace {

constexpr int kMaxDepth = 256;

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// True if [b, e) holds only blanks and comments.
bool onlyComments(QByteArrayView s)
{
    bool inComment = false;
    for (char c : s) {
        if (c == '\n') {
            inComment = false;
        } else if (!inComment) {
            if (c == '#')
                inComment = true;
            else if (!isBlank(c))
                return false;
        }
    }
    return true;
}

// Byte offsets of line starts within one document's text.
class LineStarts
{
public:
    explicit LineStarts(QByteArrayView s)
    {
        m_starts.push_back(0);
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s[i] == '\n')
                m_starts.push_back(i + 1);
        }
    }
    qint64 at(qint64 line) const
    {
        if (line < 0)
            return 0;
        if (size_t(line) >= m_starts.size())
            return m_starts.back();
        return m_starts[size_t(line)];
    }

private:
    std::vector<qint64> m_starts;
};

bool isDigits(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// YAML 1.2 core schema resolution of a plain scalar.
QJsonValue resolvePlain(const std::string &s)
{
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL")
        return QJsonValue(QJsonValue::Null);
    if (s == "true" || s == "True" || s == "TRUE")
        return QJsonValue(true);
    if (s == "false" || s == "False" || s == "FALSE")
        return QJsonValue(false);
    std::string_view v(s);
    const bool neg = !v.empty() && v.front() == '-';
    std::string_view body = (!v.empty() && (v.front() == '-' || v.front() == '+')) ? v.substr(1) : v;
    if (isDigits(body)) {
        long long n = 0;
        const auto r = std::from_chars(body.data(), body.data() + body.size(), n);
        if (r.ec == std::errc() && r.ptr == body.data() + body.size())
            return QJsonValue(qint64(neg ? -n : n));
        double d = 0;
        const auto rd = std::from_chars(v.data() + (v.front() == '+' ? 1 : 0), v.data() + v.size(), d);
        if (rd.ec == std::errc())
            return QJsonValue(d);
        return QJsonValue(QString::fromStdString(s));
    }
    if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'o')) {
        long long n = 0;
        const int base = body[1] == 'x' ? 16 : 8;
        const auto r = std::from_chars(body.data() + 2, body.data() + body.size(), n, base);
        if (r.ec == std::errc() && r.ptr == body.data() + body.size())
            return QJsonValue(qint64(neg ? -n : n));
        return QJsonValue(QString::fromStdString(s));
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    size_t i = 0;
    size_t intDigits = 0, fracDigits = 0;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
        ++i;
        ++intDigits;
    }
    if (i < body.size() && body[i] == '.') {
        ++i;
        while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
            ++i;
            ++fracDigits;
        }
    }
    if (intDigits + fracDigits == 0)
        return QJsonValue(QString::fromStdString(s));
    if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
        ++i;
        if (i < body.size() && (body[i] == '-' || body[i] == '+'))
            ++i;
        if (!isDigits(body.substr(std::min(i, body.size()))))
            return QJsonValue(QString::fromStdString(s));
        i = body.size();
    }
    if (i != body.size())
        return QJsonValue(QString::fromStdString(s));
    double d = 0;
    const char *start = v.data() + (v.front() == '+' ? 1 : 0);
    const auto r = std::from_chars(start, v.data() + v.size(), d);
    if (r.ec != std::errc())
        return QJsonValue(QString::fromStdString(s));
    return QJsonValue(d);
}

class Converter
{
public:
    explicit Converter(qint64 budget) : m_budget(budget) {}
    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }

    QJsonValue convert(const YAML::Node &n, int depth)
    {
        if (failed())
            return {};
        if (--m_budget < 0) {
            m_error = QStringLiteral("YAML expands too much (aliases)");
            return {};
        }
        if (depth > kMaxDepth) {
            m_error = QStringLiteral("YAML nested too deeply");
            return {};
        }
        switch (n.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return QJsonValue(QJsonValue::Null);
        case YAML::NodeType::Scalar: {
            const std::string &tag = n.Tag();
            if (tag == "?" || tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float"
                || tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null")
                return resolvePlain(n.Scalar());
            return QJsonValue(QString::fromStdString(n.Scalar()));
        }
        case YAML::NodeType::Sequence: {
            QJsonArray a;
            for (const YAML::Node &e : n) {
                a.append(convert(e, depth + 1));
                if (failed())
                    return {};
            }
            return a;
        }
        case YAML::NodeType::Map: {
            QJsonObject o;
            for (auto it = n.begin(); it != n.end(); ++it) {
                // Copies: the iterator hands out a temporary pair, so references to it dangle.
                const YAML::Node k = it->first;
                const YAML::Node value = it->second;
                if (!k.IsScalar())
                    continue; // complex keys do not occur in Kubernetes objects
                const QJsonValue v = convert(value, depth + 1);
                if (failed())
                    return {};
                o.insert(QString::fromStdString(k.Scalar()), v);
            }
            return o;
        }
        }
        return {};
    }

private:
    qint64 m_budget;
    QString m_error;
};

} // namespace

YamlDocument::Document YamlDocument::parseOne(QByteArrayView text, qint64 baseOffset)
{
    Document doc;
    doc.offset = baseOffset;
    doc.errorOffset = baseOffset;
    const LineStarts lines(text);
    try {
        const YAML::Node root = YAML::Load(std::string(text.data(), size_t(text.size())));
        const YAML::Mark m = root.Mark();
        if (!m.is_null())
            doc.offset = baseOffset + lines.at(m.line);
        Converter conv(qint64(text.size()) * 8 + 100000);
        doc.value = conv.convert(root, 0);
        if (conv.failed()) {
            doc.value = QJsonValue(QJsonValue::Undefined);
            doc.error = conv.error();
            return doc;
        }
        YAML::Node items;
        if (root.IsSequence()) {
            items = root;
        } else if (root.IsMap()) {
            const YAML::Node &constRoot = root;
            const YAML::Node i = constRoot["items"];
            if (i.IsDefined() && i.IsSequence())
                items = i;
        }
        if (items.IsDefined() && items.IsSequence()) {
            for (const YAML::Node &e : items) {
                const YAML::Mark em = e.Mark();
                doc.itemOffsets.append(em.is_null() ? doc.offset : baseOffset + lines.at(em.line));
            }
        }
    } catch (const YAML::Exception &e) {
        doc.value = QJsonValue(QJsonValue::Undefined);
        doc.error = dynamic_cast<const YAML::DeepRecursion *>(&e) ? QStringLiteral("YAML nested too deeply")
                                                                  : QString::fromStdString(e.msg);
        if (!e.mark.is_null()) {
            // Errors found at the end of the text point at the last line, not past it.
            qint64 at = lines.at(e.mark.line);
            if (at >= text.size() && e.mark.line > 0)
                at = lines.at(e.mark.line - 1);
            doc.errorOffset = baseOffset + at;
        }
    } catch (const std::exception &e) {
        doc.value = QJsonValue(QJsonValue::Undefined);
        doc.error = QString::fromUtf8(e.what());
    }
    return doc;
}

QList<YamlDocument::Document> YamlDocument::parseStream(QByteArrayView text, const CancelFlag *cancel)
{
    QList<Document> docs;
    qsizetype chunkStart = 0;
    auto flush = [&](qsizetype end) {
        const QByteArrayView chunk = text.sliced(chunkStart, end - chunkStart);
        if (!onlyComments(chunk))
            docs.append(parseOne(chunk, chunkStart));
    };
    qsizetype pos = 0;
    while (pos < text.size()) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return docs;
        qsizetype eol = text.indexOf('\n', pos);
        if (eol < 0)
            eol = text.size();
        const QByteArrayView line = text.sliced(pos, eol - pos);
        const bool start = line.startsWith("---") && (line.size() == 3 || isBlank(line[3]));
        const bool end = line.startsWith("...") && (line.size() == 3 || isBlank(line[3]));
        if (start || end) {
            flush(pos);
            const QByteArrayView rest = line.sliced(3);
            // "--- value" keeps the value as part of the next document; a bare marker does not.
            chunkStart = (start && !onlyComments(rest)) ? pos + 3 : std::min(eol + 1, text.size());
        }
        pos = eol + 1;
    }
    if (chunkStart < text.size())
        flush(text.size());
    return docs;
}

} // namespace gateline
