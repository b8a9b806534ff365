// Starts the workbench window.
#pragma once

int runGui(int argc, char **argv);
