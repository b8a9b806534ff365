// Keeps gateline_ui non-empty while the window is being written.
