// KSyntaxHighlighting for raw lines: one repository with Gateline's own definitions (ALB, NGINX
// access, NGINX error, Traefik CLF; compiled in under :/syntax/) besides the stock ones (JSON,
// YAML for events and pods), and the stock theme matching the palette.
#pragma once

#include "types.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Theme>

class QPalette;

namespace KSyntaxHighlighting {
class Repository;
}

namespace gateline {

KSyntaxHighlighting::Repository &syntaxRepository();
// The definition for a format; JSON or YAML chosen by the text for formats that have both.
KSyntaxHighlighting::Definition syntaxDefinitionFor(SourceFormat format, QByteArrayView sample = {});
KSyntaxHighlighting::Theme syntaxThemeFor(const QPalette &palette);

} // namespace gateline
