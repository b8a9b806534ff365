// The top-level usage text of `gateline`, shared by its two programs (main.cpp, workbenchmain.cpp).
#pragma once

void printUsage();
