"""What every layer may use: settings, languages, logs, where files are, whose address a request is from, private files."""
