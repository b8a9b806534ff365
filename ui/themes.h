// Light and dark palettes (Fusion), both readable, and the user's choice (system, light, dark).
#pragma once

#include <QPalette>
#include <QString>

namespace gateline {

enum class ThemeChoice { System, Light, Dark };

QString themeId(ThemeChoice t);
ThemeChoice themeFromId(const QString &id);
QPalette lightPalette();
QPalette darkPalette();
// Sets the Fusion style and the palette for the choice; returns whether the result is dark.
bool applyTheme(ThemeChoice choice);
bool isDark(const QPalette &palette);

} // namespace gateline
